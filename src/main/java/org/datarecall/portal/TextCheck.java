package org.datarecall.portal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks a text file as it streams in chunks: strict UTF-8 (a sequence split between two chunks is
 * carried over), no NUL character, and remembers the first character that is not white space (a
 * byte order mark skipped) so that JSON can be told from other text.
 */
final class TextCheck {

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer out = CharBuffer.allocate(8192);
    private ByteBuffer carried = ByteBuffer.allocate(0);
    private boolean valid = true;
    private boolean hasNul;
    private int first = -1;

    /** Feeds the next bytes; answers false once the text is known to be bad. */
    boolean feed(byte[] bytes, int length) {
        if (!valid) {
            return false;
        }
        ByteBuffer in;
        if (carried.hasRemaining()) {
            in = ByteBuffer.allocate(carried.remaining() + length).put(carried).put(bytes, 0, length).flip();
        } else {
            in = ByteBuffer.wrap(bytes, 0, length);
        }
        decode(in, false);
        carried = in.hasRemaining() ? ByteBuffer.allocate(in.remaining()).put(in).flip() : ByteBuffer.allocate(0);
        return valid;
    }

    /** Ends the text: a sequence cut off at the end makes it invalid. */
    boolean finish() {
        if (valid) {
            decode(carried, true);
            if (valid && decoder.flush(out).isError()) {
                valid = false;
            }
        }
        return valid;
    }

    boolean hasNul() {
        return hasNul;
    }

    /** The first character that is not white space, or -1 when there is none. */
    int firstSignificant() {
        return first;
    }

    private void decode(ByteBuffer in, boolean end) {
        while (true) {
            CoderResult result = decoder.decode(in, out, end);
            out.flip();
            scan();
            out.clear();
            if (result.isError()) {
                valid = false;
                return;
            }
            if (result.isUnderflow()) {
                return;
            }
        }
    }

    private void scan() {
        for (int i = 0; i < out.limit(); i++) {
            char c = out.get(i);
            if (c == 0) {
                hasNul = true;
                valid = false;
            } else if (first < 0 && !Character.isWhitespace(c) && c != '\uFEFF') {
                first = c;
            }
        }
    }
}
