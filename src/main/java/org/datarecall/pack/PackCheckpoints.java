package org.datarecall.pack;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.datarecall.evidence.ChainHeads;
import org.datarecall.evidence.Checkpoint;
import org.datarecall.evidence.CheckpointKeys;
import org.datarecall.evidence.CheckpointStore;
import org.datarecall.evidence.MerkleTree;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.portal.CanonicalJson;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The pack's checkpoint files (ADR 0009): {@code checkpoints.json} (every checkpoint of the campaign,
 * oldest first, one per line, with its signed document and signature), {@code keys.json} (every public
 * key, one per line), and for the latest checkpoint either its heads,
 * {@code checkpoints/<checkpointId>-heads.csv} (campaign pack), or the case's inclusion proof,
 * {@code checkpoints/<checkpointId>-proof.json} (one-case pack). The heads are read from the stored
 * list a slice at a time, so a million of them never sit in memory at once.
 */
@ApplicationScoped
public class PackCheckpoints {

    /** Heads per slice of the stored list: about half a megabyte. */
    private static final int SLICE = 10_000;

    /** The checkpoint that covers a case, and the case's head in it ({@code seq} 0 when it was not yet opened). */
    public record Covered(String checkpointId, String at, String root, String keyId, int seq, String hash) {
    }

    @Inject
    CheckpointStore store;

    @Inject
    CheckpointKeys keys;

    /** The pack's latest checkpoint; names, in case-id order, the head of each case it covers. */
    final class Latest {
        private final Connection con;
        private final Checkpoint checkpoint;
        private final long count;
        private Heads heads;
        private Head head;

        Latest(Connection con, Checkpoint checkpoint, long count) {
            this.con = con;
            this.checkpoint = checkpoint;
            this.count = count;
        }

        /** Asked for case after case in case-id order. */
        Covered describe(String caseId) throws SQLException {
            if (heads == null) {
                heads = new Heads(con, checkpoint.campaignId(), count);
                head = heads.next();
            }
            while (head != null && head.caseId().compareTo(caseId) < 0) {
                head = heads.next();
            }
            boolean found = head != null && head.caseId().equals(caseId);
            return new Covered(checkpoint.id().toString(), checkpoint.at().toString(),
                    HexFormat.of().formatHex(checkpoint.root()), checkpoint.keyId(), found ? head.seq() : 0,
                    found ? head.hash() : null);
        }
    }

    Latest write(Connection con, EvidencePack.Scope scope, PackZip zip) throws SQLException, IOException {
        List<Checkpoint> all = new ArrayList<>(store.list(scope.campaignId())).reversed();
        List<Object[]> stored = Jdbc.list(con, "SELECT checkpoint_id, octet_length(heads) FROM dr_checkpoint_heads "
                + "WHERE campaign_id = ?", rs -> new Object[] { rs.getObject(1, UUID.class), rs.getLong(2) },
                scope.campaignId());
        Checkpoint latest = stored.isEmpty() ? null : all.stream().filter(c -> c.id().equals(stored.getFirst()[0]))
                .findFirst().orElseThrow(() -> new IllegalStateException("the stored heads name no checkpoint"));
        StringBuilder json = new StringBuilder("{\"campaignId\":\"").append(scope.campaignId()).append("\",\"latest\":")
                .append(latest == null ? "null" : "\"" + latest.id() + "\"");
        if (latest == null) {
            json.append(",\"note\":\"no checkpoint has been taken for this campaign yet: only the hash chains "
                    + "protect its histories\"");
        }
        json.append(",\"checkpoints\":[");
        for (int i = 0; i < all.size(); i++) {
            json.append(i == 0 ? "\n" : ",\n").append(CanonicalJson.write(fields(all.get(i))));
        }
        zip.file("checkpoints.json", json.append("\n]}\n").toString());
        StringBuilder keyList = new StringBuilder("{\"keys\":[");
        List<CheckpointKeys.PublicKeyView> views = keys.publicKeys();
        for (int i = 0; i < views.size(); i++) {
            CheckpointKeys.PublicKeyView k = views.get(i);
            Map<String, Object> key = new LinkedHashMap<>();
            key.put("keyId", k.keyId());
            key.put("algorithm", k.algorithm());
            key.put("publicKey", k.publicKey());
            key.put("current", k.current());
            keyList.append(i == 0 ? "\n" : ",\n").append(CanonicalJson.write(key));
        }
        zip.file("keys.json", keyList.append("\n]}\n").toString());
        if (latest == null) {
            return null;
        }
        long count = (Long) stored.getFirst()[1] / ChainHeads.ENTRY;
        if (scope.caseId() == null) {
            zip.file("checkpoints/" + latest.id() + "-heads.csv", o -> {
                Writer out = new BufferedWriter(new OutputStreamWriter(o, StandardCharsets.US_ASCII), 1 << 16);
                Heads heads = new Heads(con, scope.campaignId(), count);
                for (Head h = heads.next(); h != null; h = heads.next()) {
                    out.write(h.caseId() + "," + h.seq() + "," + h.hash() + "\n");
                }
                out.flush();
            });
        } else {
            zip.file("checkpoints/" + latest.id() + "-proof.json", proof(con, scope, latest, count));
        }
        return new Latest(con, latest, count);
    }

    private static Map<String, Object> fields(Checkpoint c) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("checkpointId", c.id().toString());
        f.put("at", c.at().toString());
        f.put("cases", c.cases());
        f.put("events", c.events());
        f.put("root", HexFormat.of().formatHex(c.root()));
        f.put("keyId", c.keyId());
        f.put("algorithm", "Ed25519");
        f.put("requestedBy", c.requestedBy());
        f.put("document", c.document());
        f.put("signature", Base64.getEncoder().encodeToString(c.signature()));
        return f;
    }

    /**
     * The case's leaf in the latest checkpoint's tree and its RFC 6962 audit path; a case opened after
     * the checkpoint has no leaf, and the proof says so.
     */
    private static String proof(Connection con, EvidencePack.Scope scope, Checkpoint latest, long count)
            throws SQLException {
        Map<String, Object> proof = new LinkedHashMap<>();
        proof.put("checkpointId", latest.id().toString());
        proof.put("caseId", scope.caseId().toString());
        proof.put("treeSize", count);
        List<byte[]> leaves = new ArrayList<>((int) count);
        java.security.MessageDigest sha256 = MerkleTree.sha256();
        String caseId = scope.caseId().toString();
        Heads heads = new Heads(con, scope.campaignId(), count);
        Head own = null;
        int index = -1;
        for (Head h = heads.next(); h != null; h = heads.next()) {
            if (h.caseId().equals(caseId)) {
                own = h;
                index = leaves.size();
            }
            leaves.add(MerkleTree.leafHash(sha256, MerkleTree.headLeaf(UUID.fromString(h.caseId()), h.seq(),
                    HexFormat.of().parseHex(h.hash()))));
        }
        if (own == null) {
            proof.put("leafIndex", null);
            proof.put("note", "the case was opened after this checkpoint");
        } else {
            proof.put("seq", own.seq());
            proof.put("hash", own.hash());
            proof.put("leafIndex", index);
            proof.put("auditPath", MerkleTree.auditPath(leaves, index).stream().map(HexFormat.of()::formatHex).toList());
        }
        return CanonicalJson.write(proof) + "\n";
    }

    /** One head as the pack writes it. */
    record Head(String caseId, int seq, String hash) {
    }

    /** The stored heads of a campaign's latest checkpoint, read a slice at a time, in case-id order. */
    static final class Heads {
        private final Connection con;
        private final UUID campaignId;
        private final long count;
        private long read;
        private ByteBuffer slice = ByteBuffer.allocate(0);

        Heads(Connection con, UUID campaignId, long count) {
            this.con = con;
            this.campaignId = campaignId;
            this.count = count;
        }

        Head next() throws SQLException {
            if (!slice.hasRemaining()) {
                if (read == count) {
                    return null;
                }
                long from = read * ChainHeads.ENTRY + 1;
                int length = (int) Math.min(SLICE, count - read) * ChainHeads.ENTRY;
                slice = ByteBuffer.wrap(Jdbc.list(con, "SELECT substring(heads FROM ?::int FOR ?::int) FROM dr_checkpoint_heads "
                        + "WHERE campaign_id = ?", rs -> rs.getBytes(1), from, length, campaignId).getFirst());
            }
            UUID caseId = new UUID(slice.getLong(), slice.getLong());
            int seq = slice.getInt();
            byte[] hash = new byte[32];
            slice.get(hash);
            read++;
            return new Head(caseId.toString(), seq, HexFormat.of().formatHex(hash));
        }
    }
}
