package org.datarecall.casework;

/** The last event of a case's chain: the next event gets {@code eventCount + 1} and chains to the hash. */
public record ChainHead(int eventCount, byte[] lastEventHash) {
}
