package org.datarecall.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The streamed tree against RFC 6962's recursive definition, and audit paths for every leaf. */
class MerkleTreeTest {

    private static final MessageDigest SHA = MerkleTree.sha256();

    /** MTH(D[n]) exactly as RFC 6962 §2.1 writes it. */
    private static byte[] mth(List<byte[]> inputs) {
        if (inputs.isEmpty()) {
            return SHA.digest(new byte[0]);
        }
        if (inputs.size() == 1) {
            return MerkleTree.leafHash(SHA, inputs.getFirst());
        }
        int k = Integer.highestOneBit(inputs.size() - 1);
        return MerkleTree.nodeHash(SHA, mth(inputs.subList(0, k)), mth(inputs.subList(k, inputs.size())));
    }

    private static List<byte[]> inputs(int n) {
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            inputs.add(("leaf " + i).getBytes(StandardCharsets.UTF_8));
        }
        return inputs;
    }

    @Test
    void the_streamed_root_is_the_rfc_root_for_every_size() {
        for (int n = 0; n <= 70; n++) {
            MerkleTree.Builder builder = new MerkleTree.Builder();
            inputs(n).forEach(builder::addLeafInput);
            assertThat(builder.root()).as("n = %d", n).isEqualTo(mth(inputs(n)));
            assertThat(builder.count()).isEqualTo(n);
        }
    }

    @Test
    void the_empty_tree_and_a_known_vector() {
        assertThat(HexFormat.of().formatHex(new MerkleTree.Builder().root()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        // RFC 6962 test vector: the hash of the empty leaf.
        assertThat(HexFormat.of().formatHex(MerkleTree.leafHash(SHA, new byte[0])))
                .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    }

    @Test
    void every_audit_path_proves_its_leaf_and_no_other() {
        for (int n = 1; n <= 40; n++) {
            List<byte[]> leaves = inputs(n).stream().map(i -> MerkleTree.leafHash(SHA, i)).toList();
            byte[] root = MerkleTree.root(leaves);
            for (int i = 0; i < n; i++) {
                List<byte[]> path = MerkleTree.auditPath(leaves, i);
                assertThat(MerkleTree.verifyInclusion(leaves.get(i), i, n, path, root)).as("n=%d i=%d", n, i).isTrue();
                if (n > 1) {
                    int other = (i + 1) % n;
                    assertThat(MerkleTree.verifyInclusion(leaves.get(other), i, n, path, root)).isFalse();
                    assertThat(MerkleTree.verifyInclusion(leaves.get(i), other, n, path, root)).isFalse();
                }
            }
        }
    }

    @Test
    void a_head_is_its_documented_leaf_and_packs_and_unpacks() {
        UUID caseId = UUID.fromString("0190f0a2-7c1e-7000-8000-00000000000a");
        byte[] hash = new byte[32];
        Arrays.fill(hash, (byte) 0xab);
        assertThat(new String(MerkleTree.headLeaf(caseId, 7, hash), StandardCharsets.UTF_8))
                .isEqualTo("0190f0a2-7c1e-7000-8000-00000000000a\n7\n" + "ab".repeat(32));
        ChainHeads.Packer packer = new ChainHeads.Packer(1);
        packer.add(caseId, 7, hash);
        packer.add(UUID.fromString("ffffffff-0000-7000-8000-000000000001"), 3, new byte[32]);
        ChainHeads heads = new ChainHeads(packer.bytes());
        assertThat(heads.size()).isEqualTo(2);
        assertThat(heads.caseId(0)).isEqualTo(caseId);
        assertThat(heads.seq(0)).isEqualTo(7);
        assertThat(heads.hash(0)).isEqualTo(hash);
        assertThat(heads.caseId(1).toString()).isEqualTo("ffffffff-0000-7000-8000-000000000001");
        assertThat(heads.root()).isEqualTo(MerkleTree.root(heads.leafHashes()));
    }
}
