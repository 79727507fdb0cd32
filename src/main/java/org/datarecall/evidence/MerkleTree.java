package org.datarecall.evidence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * RFC 6962's Merkle tree over SHA-256 (ADR 0009): leaves hashed as {@code SHA-256(0x00 ‖ input)},
 * nodes as {@code SHA-256(0x01 ‖ left ‖ right)}, the left subtree of n leaves holding the largest power
 * of two below n. {@link Builder} takes the leaves one by one and keeps only a stack of full subtrees,
 * so a million chain heads need memory for about twenty hashes.
 */
public final class MerkleTree {

    private static final HexFormat HEX = HexFormat.of();

    private MerkleTree() {
    }

    /** The leaf input of a chain head: {@code caseId "\n" seq "\n" hashHex}. */
    public static byte[] headLeaf(UUID caseId, int seq, byte[] hash) {
        return (caseId + "\n" + seq + "\n" + HEX.formatHex(hash)).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] leafHash(MessageDigest sha256, byte[] input) {
        sha256.update((byte) 0);
        return sha256.digest(input);
    }

    public static byte[] nodeHash(MessageDigest sha256, byte[] left, byte[] right) {
        sha256.update((byte) 1);
        sha256.update(left);
        return sha256.digest(right);
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Builds the root from leaf hashes given in order. */
    public static final class Builder {

        private final MessageDigest sha256 = sha256();
        /** Full subtrees, largest first; sizes[i] is the leaf count of roots[i] (a power of two). */
        private final List<byte[]> roots = new ArrayList<>();
        private final List<Long> sizes = new ArrayList<>();
        private long count;

        public void addLeafInput(byte[] input) {
            addLeafHash(leafHash(sha256, input));
        }

        public void addLeafHash(byte[] leafHash) {
            byte[] hash = leafHash;
            long size = 1;
            // Two full subtrees of one size become one of twice the size, as in a binary counter.
            while (!sizes.isEmpty() && sizes.getLast() == size) {
                hash = nodeHash(sha256, roots.removeLast(), hash);
                sizes.removeLast();
                size *= 2;
            }
            roots.add(hash);
            sizes.add(size);
            count++;
        }

        public long count() {
            return count;
        }

        /** The root: the full subtrees folded from the right, which is RFC 6962's split for any n. */
        public byte[] root() {
            if (roots.isEmpty()) {
                return sha256.digest(new byte[0]);
            }
            byte[] hash = roots.getLast();
            for (int i = roots.size() - 2; i >= 0; i--) {
                hash = nodeHash(sha256, roots.get(i), hash);
            }
            return hash;
        }
    }

    /** The root of the given leaf hashes. */
    public static byte[] root(List<byte[]> leafHashes) {
        Builder builder = new Builder();
        leafHashes.forEach(builder::addLeafHash);
        return builder.root();
    }

    /**
     * The audit path (RFC 6962 §2.1.1) of leaf {@code index}: the sibling hashes from the leaf up to
     * the root, which with the leaf rebuild the root.
     */
    public static List<byte[]> auditPath(List<byte[]> leafHashes, int index) {
        if (index < 0 || index >= leafHashes.size()) {
            throw new IllegalArgumentException("no leaf " + index + " among " + leafHashes.size());
        }
        List<byte[]> path = new ArrayList<>();
        path(leafHashes, index, 0, leafHashes.size(), path, sha256());
        return path;
    }

    private static void path(List<byte[]> leaves, int index, int from, int to, List<byte[]> out, MessageDigest sha) {
        int n = to - from;
        if (n == 1) {
            return;
        }
        int k = Integer.highestOneBit(n - 1);
        if (index < from + k) {
            path(leaves, index, from, from + k, out, sha);
            out.add(subtreeRoot(leaves, from + k, to, sha));
        } else {
            path(leaves, index, from + k, to, out, sha);
            out.add(subtreeRoot(leaves, from, from + k, sha));
        }
    }

    private static byte[] subtreeRoot(List<byte[]> leaves, int from, int to, MessageDigest sha) {
        if (to - from == 1) {
            return leaves.get(from);
        }
        int k = Integer.highestOneBit(to - from - 1);
        return nodeHash(sha, subtreeRoot(leaves, from, from + k, sha), subtreeRoot(leaves, from + k, to, sha));
    }

    /** Checks an audit path (RFC 9162 §2.1.3.2): does leaf {@code index} of a tree of {@code size} give the root? */
    public static boolean verifyInclusion(byte[] leafHash, long index, long size, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        MessageDigest sha = sha256();
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(sha, p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(sha, r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }
}
