package org.datarecall.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import javax.tools.ToolProvider;

import org.datarecall.evidence.MerkleTree;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pack's Verify.java, compiled as a reader would compile it, against the service's own Merkle tree:
 * every leaf of trees of 1 to 33 leaves proves its inclusion, and a proof of another leaf does not.
 */
class VerifyMerkleTest {

    static Method inclusionRoot;

    @BeforeAll
    static void compile() throws Exception {
        Path dir = Files.createTempDirectory("verify-class");
        Path source = Path.of("src/main/resources/verify/Verify.java");
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(), source.toString()))
                .isZero();
        Class<?> verify = new URLClassLoader(new URL[] { dir.toUri().toURL() }).loadClass("Verify");
        inclusionRoot = verify.getDeclaredMethod("inclusionRoot", byte[].class, long.class, long.class, List.class,
                String.class);
        inclusionRoot.setAccessible(true);
    }

    static byte[] root(byte[] leaf, long index, long size, List<byte[]> path) throws Exception {
        try {
            return (byte[]) inclusionRoot.invoke(null, leaf, index, size, path, "proof");
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    void every_leaf_of_every_small_tree_proves_its_inclusion_and_only_its_own() throws Exception {
        MessageDigest sha = MerkleTree.sha256();
        for (int size = 1; size <= 33; size++) {
            List<byte[]> leaves = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                leaves.add(MerkleTree.leafHash(sha, ("leaf " + i).getBytes()));
            }
            byte[] root = MerkleTree.root(leaves);
            for (int i = 0; i < size; i++) {
                List<byte[]> path = MerkleTree.auditPath(leaves, i);
                assertThat(root(leaves.get(i), i, size, path)).as("leaf %d of %d", i, size).isEqualTo(root);
                if (size > 1) {
                    int other = (i + 1) % size;
                    assertThat(root(leaves.get(other), i, size, path)).as("leaf %d's path for leaf %d", i, other)
                            .isNotEqualTo(root);
                }
            }
        }
    }

    @Test
    void a_proof_of_the_wrong_length_or_index_fails() throws Exception {
        MessageDigest sha = MerkleTree.sha256();
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            leaves.add(MerkleTree.leafHash(sha, ("leaf " + i).getBytes()));
        }
        List<byte[]> path = MerkleTree.auditPath(leaves, 2);
        assertThatThrownBy(() -> root(leaves.get(2), 2, 5, path.subList(0, path.size() - 1)))
                .hasMessageContaining("shorter");
        List<byte[]> longer = new ArrayList<>(path);
        longer.add(leaves.get(0));
        assertThatThrownBy(() -> root(leaves.get(2), 2, 5, longer)).hasMessageContaining("longer");
        assertThatThrownBy(() -> root(leaves.get(2), 5, 5, path)).hasMessageContaining("outside");
    }
}
