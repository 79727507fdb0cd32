package org.datarecall.platform.http;

/** The staff roles of SPEC; developers have no role, they hold a personal link. */
public final class Roles {

    public static final String MANAGER = "manager";
    public static final String AUDITOR = "auditor";
    public static final String VIEWER = "viewer";

    private Roles() {
    }
}
