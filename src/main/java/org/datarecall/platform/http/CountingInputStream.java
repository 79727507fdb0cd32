package org.datarecall.platform.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * A stream that counts what is read from it and tells {@code afterRead} the total after every read that
 * got bytes: a body limit fails the read that crosses it, an import's job reports how far it has read.
 */
public final class CountingInputStream extends FilterInputStream {

    private final LongConsumer afterRead;
    private long count;

    public CountingInputStream(InputStream in, LongConsumer afterRead) {
        super(in);
        this.afterRead = afterRead;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            afterRead.accept(++count);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count += n;
            afterRead.accept(count);
        }
        return n;
    }
}
