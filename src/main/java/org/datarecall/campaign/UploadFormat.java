package org.datarecall.campaign;

/** The two shapes of a developer upload. */
public enum UploadFormat {
    CSV,
    JSON
}
