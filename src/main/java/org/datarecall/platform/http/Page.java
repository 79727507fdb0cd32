package org.datarecall.platform.http;

import java.util.List;

/** One page of a list: pass {@code nextCursor} back as {@code cursor} for the next; null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {
}
