package org.datarecall.evidence;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The heads a checkpoint covers, packed as {@code dr_checkpoint_heads} stores them: per case, in
 * case-id order, 16 bytes of id, 4 of seq (big-endian) and the 32-byte hash of its last event.
 */
public final class ChainHeads {

    public static final int ENTRY = 16 + 4 + 32;

    private final ByteBuffer packed;

    public ChainHeads(byte[] packed) {
        if (packed.length % ENTRY != 0) {
            throw new IllegalArgumentException("packed heads of " + packed.length + " bytes: not a multiple of " + ENTRY);
        }
        this.packed = ByteBuffer.wrap(packed);
    }

    public int size() {
        return packed.capacity() / ENTRY;
    }

    public UUID caseId(int i) {
        return new UUID(packed.getLong(i * ENTRY), packed.getLong(i * ENTRY + 8));
    }

    public int seq(int i) {
        return packed.getInt(i * ENTRY + 16);
    }

    public byte[] hash(int i) {
        return Arrays.copyOfRange(packed.array(), i * ENTRY + 20, i * ENTRY + ENTRY);
    }

    public byte[] leafHash(int i, java.security.MessageDigest sha256) {
        return MerkleTree.leafHash(sha256, MerkleTree.headLeaf(caseId(i), seq(i), hash(i)));
    }

    /** Every leaf hash, in order (for an audit path). */
    public List<byte[]> leafHashes() {
        java.security.MessageDigest sha256 = MerkleTree.sha256();
        List<byte[]> leaves = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            leaves.add(leafHash(i, sha256));
        }
        return leaves;
    }

    /** The root these heads give. */
    public byte[] root() {
        MerkleTree.Builder tree = new MerkleTree.Builder();
        for (int i = 0; i < size(); i++) {
            tree.addLeafInput(MerkleTree.headLeaf(caseId(i), seq(i), hash(i)));
        }
        return tree.root();
    }

    /** Writes heads one by one into the packed form. */
    public static final class Packer {

        private ByteBuffer buffer;

        public Packer(int expected) {
            buffer = ByteBuffer.allocate(Math.max(1, expected) * ENTRY);
        }

        public void add(UUID caseId, int seq, byte[] hash) {
            if (buffer.remaining() < ENTRY) {
                buffer = ByteBuffer.allocate(buffer.capacity() * 2).put(buffer.flip());
            }
            buffer.putLong(caseId.getMostSignificantBits()).putLong(caseId.getLeastSignificantBits()).putInt(seq)
                    .put(hash);
        }

        public byte[] bytes() {
            return Arrays.copyOf(buffer.array(), buffer.position());
        }
    }
}
