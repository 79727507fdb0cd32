import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Checks a Data Recall evidence pack with nothing but the JDK: {@code java Verify.java pack.zip}.
 *
 * <p>Every event's hash from its canonical form and every chain link; every attestation's digest against
 * the one its ATTESTATION_RECEIVED event recorded, and every attached file against the attestation; every
 * checkpoint's Ed25519 signature against keys.json; the latest checkpoint's Merkle root (RFC 6962) from
 * its heads, or a one-case pack's inclusion proof, and that each head is an event of events.jsonl; last,
 * every file against manifest.json (SHA-256 and size; none missing, none extra). The pack is read as a
 * stream, file by file; events.jsonl is never held whole. Prints what it checked, or the first failure
 * as {@code file:line: what is wrong}; exits 0 when everything holds, 1 otherwise.
 */
public class Verify {

    static final String MANIFEST = "manifest.json";
    static final HexFormat HEX = HexFormat.of();
    static final String GENESIS_HEX = "0".repeat(64);

    /** The first failure found: where, and what. */
    static class Failure extends RuntimeException {
        Failure(String where, String what) {
            super(where + ": " + what);
        }
    }

    private final ZipFile zip;
    private final List<String> report = new ArrayList<>();
    private String campaignId;
    private String caseId;
    private final Map<String, PublicKey> keys = new HashMap<>();
    private Map<String, Object> latest;
    private long attestations;
    private long evidenceFiles;
    private long suppliedFiles;

    Verify(ZipFile zip) {
        this.zip = zip;
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java Verify.java <evidence-pack.zip>");
            System.exit(2);
        }
        long started = System.nanoTime();
        try (ZipFile zip = new ZipFile(args[0], StandardCharsets.UTF_8)) {
            Verify verify = new Verify(zip);
            verify.run();
            verify.report.forEach(System.out::println);
            System.out.printf("OK: the pack verifies (%.1f s)%n", (System.nanoTime() - started) / 1e9);
            System.exit(0);
        } catch (Failure f) {
            System.out.println("FAILED: " + f.getMessage());
            System.exit(1);
        } catch (IOException | RuntimeException e) {
            System.out.println("FAILED: " + args[0] + ": cannot be read as an evidence pack: " + e);
            System.exit(1);
        }
    }

    void run() throws IOException {
        Map<String, Object> header = manifestHeader();
        campaignId = text(header, "campaignId", MANIFEST + ":1");
        caseId = header.get("caseId") == null ? null : text(header, "caseId", MANIFEST + ":1");
        report.add("Data Recall evidence pack of campaign " + campaignId + (caseId == null ? "" : ", case " + caseId));
        Map<String, Object> campaign = object(readJson("campaign.json"), "campaign.json");
        if (!campaignId.equals(campaign.get("id"))) {
            throw new Failure("campaign.json", "its id is not the campaign of manifest.json");
        }
        readKeys();
        readCheckpoints();
        Heads heads = heads();
        events(heads);
        if (heads != null) {
            heads.finish();
        }
        manifest();
    }

    // ---- keys.json and checkpoints.json

    private void readKeys() throws IOException {
        List<Object> list = list(object(readJson("keys.json"), "keys.json").get("keys"), "keys.json");
        for (Object item : list) {
            Json.Obj key = (Json.Obj) object(item, "keys.json");
            String where = "keys.json:" + key.line;
            String keyId = text(key, "keyId", where);
            if (!"Ed25519".equals(key.get("algorithm"))) {
                throw new Failure(where, "key " + keyId + " is not an Ed25519 key");
            }
            byte[] der;
            PublicKey publicKey;
            try {
                der = Base64.getDecoder().decode(text(key, "publicKey", where));
                publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
            } catch (Exception e) {
                throw new Failure(where, "the public key of " + keyId + " cannot be read: " + e.getMessage());
            }
            if (!HEX.formatHex(sha256(der), 0, 8).equals(keyId)) {
                throw new Failure(where, "keyId " + keyId + " is not the first 8 bytes of its key's SHA-256");
            }
            keys.put(keyId, publicKey);
        }
    }

    private void readCheckpoints() throws IOException {
        String file = "checkpoints.json";
        Map<String, Object> root = object(readJson(file), file);
        List<Object> list = list(root.get("checkpoints"), file);
        Object latestId = root.get("latest");
        for (Object item : list) {
            Json.Obj c = (Json.Obj) object(item, file);
            String where = file + ":" + c.line;
            String id = text(c, "checkpointId", where);
            String document = text(c, "document", where);
            String keyId = text(c, "keyId", where);
            PublicKey key = keys.get(keyId);
            if (key == null) {
                throw new Failure(where, "checkpoint " + id + " names key " + keyId + ", which keys.json does not hold");
            }
            boolean valid;
            try {
                Signature signature = Signature.getInstance("Ed25519");
                signature.initVerify(key);
                signature.update(document.getBytes(StandardCharsets.UTF_8));
                valid = signature.verify(Base64.getDecoder().decode(text(c, "signature", where)));
            } catch (Exception e) {
                valid = false;
            }
            if (!valid) {
                throw new Failure(where, "the signature of checkpoint " + id + " does not verify with key " + keyId);
            }
            Map<String, Object> signed = object(parse(document, where), where);
            String expected = "{\"campaignId\":\"" + signed.get("campaignId") + "\",\"root\":\"" + signed.get("root")
                    + "\",\"cases\":" + signed.get("cases") + ",\"events\":" + signed.get("events") + ",\"at\":\""
                    + signed.get("at") + "\",\"keyId\":\"" + signed.get("keyId") + "\"}";
            if (!expected.equals(document)) {
                throw new Failure(where, "the signed document of checkpoint " + id + " is not in the form ADR 0009 gives");
            }
            for (String field : List.of("root", "cases", "events", "at", "keyId")) {
                if (!String.valueOf(signed.get(field)).equals(String.valueOf(c.get(field)))) {
                    throw new Failure(where, "checkpoint " + id + ": " + field + " is not what its signed document says");
                }
            }
            if (!campaignId.equals(signed.get("campaignId"))) {
                throw new Failure(where, "checkpoint " + id + " was signed for another campaign");
            }
            if (id.equals(latestId)) {
                latest = c;
            }
        }
        if (latestId != null && latest == null) {
            throw new Failure(file, "the latest checkpoint " + latestId + " is not in the list");
        }
        // The heads checked below must be those of the newest checkpoint: an older one would leave what came
        // after it unchecked.
        Json.Obj newest = null;
        for (Object item : list) {
            Json.Obj c = (Json.Obj) item;
            int later = newest == null ? 1 : java.time.Instant.parse(text(c, "at", file))
                    .compareTo(java.time.Instant.parse(text(newest, "at", file)));
            // Taken in the same microsecond: the service orders them by id (time-ordered), as here.
            if (later > 0 || later == 0 && text(c, "checkpointId", file).compareTo(text(newest, "checkpointId", file)) > 0) {
                newest = c;
            }
        }
        if (newest != null && latest != newest) {
            throw new Failure(file, "\"latest\" must name the newest checkpoint, " + newest.get("checkpointId"));
        }
        report.add(String.format("  checkpoints   %d signatures verified with keys.json (%d keys)", list.size(),
                keys.size()));
        report.add("  key ids       " + String.join(", ", keys.keySet())
                + " — compare them with the service's published keys or the witnesses' checkpoint mails");
        if (latest == null) {
            report.add("  no checkpoint has been taken yet: the histories are protected by their hash chains only");
        }
    }

    /** The latest checkpoint's heads (campaign pack) or the case's inclusion proof (one-case pack). */
    private Heads heads() throws IOException {
        if (latest == null) {
            return null;
        }
        String id = (String) latest.get("checkpointId");
        if (caseId == null) {
            String file = "checkpoints/" + id + "-heads.csv";
            return new Heads(file, reader(file), false);
        }
        String file = "checkpoints/" + id + "-proof.json";
        Map<String, Object> proof = object(readJson(file), file);
        if (proof.get("leafIndex") == null) {
            report.add("  the case was opened after the latest checkpoint: its history is protected by its chain only");
            return null;
        }
        String head = text(proof, "caseId", file) + "\n" + number(proof, "seq", file) + "\n" + text(proof, "hash", file);
        long index = number(proof, "leafIndex", file);
        long size = number(proof, "treeSize", file);
        if (!caseId.equals(proof.get("caseId")) || size != number(latest, "cases", "checkpoints.json")) {
            throw new Failure(file, "the proof is not for this case in the latest checkpoint's tree");
        }
        List<byte[]> path = new ArrayList<>();
        for (Object p : list(proof.get("auditPath"), file)) {
            path.add(hex(p, "auditPath", file));
        }
        if (!Arrays.equals(inclusionRoot(leafHash(head), index, size, path, file),
                hex(latest.get("root"), "root", "checkpoints.json"))) {
            throw new Failure(file, "the inclusion proof does not lead to the latest checkpoint's Merkle root");
        }
        report.add("  inclusion     the case's head is leaf " + index + " of " + size + " under the latest signed root");
        return new Heads(file, new BufferedReader(new java.io.StringReader(head.replace('\n', ',') + "\n")), true);
    }

    /** RFC 9162, 2.1.3.2: the root an audit path leads to from a leaf. */
    static byte[] inclusionRoot(byte[] leaf, long index, long size, List<byte[]> path, String where) {
        if (index < 0 || index >= size) {
            throw new Failure(where, "leaf index " + index + " is outside a tree of " + size);
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leaf;
        for (byte[] p : path) {
            if (sn == 0) {
                throw new Failure(where, "the audit path is longer than the tree is deep");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = node(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw new Failure(where, "the audit path is shorter than the tree is deep");
        }
        return r;
    }

    /**
     * The heads, read in case-id order beside events.jsonl (in the same order): each must be an event of
     * the chain. The campaign's heads also rebuild the Merkle root, a stack of full subtrees at a time.
     */
    final class Heads {
        final String file;
        final BufferedReader in;
        final boolean proof;
        /** The campaign's Merkle root, rebuilt from the same file on another thread while this one follows the events. */
        final java.util.concurrent.FutureTask<byte[]> root;
        long line;
        long count;
        long events;
        String previous;
        String headCase;
        int headSeq;
        String headHash;

        Heads(String file, BufferedReader in, boolean proof) throws IOException {
            this.file = file;
            this.in = in;
            this.proof = proof;
            this.root = proof ? null : new java.util.concurrent.FutureTask<>(() -> merkleRoot(file));
            if (root != null) {
                Thread thread = new Thread(root, "merkle-root");
                thread.setDaemon(true);
                thread.start();
            }
            next();
        }

        void next() throws IOException {
            String text = in.readLine();
            if (text == null) {
                headCase = null;
                return;
            }
            line++;
            String where = file + ":" + line;
            int first = text.indexOf(',');
            int second = text.indexOf(',', first + 1);
            if (first != 36 || second < 0 || text.length() - second - 1 != 64 || !lowerHex(text, second + 1)) {
                throw new Failure(where, "not a head (caseId,seq,hash)");
            }
            String[] parts = { text.substring(0, first), text.substring(first + 1, second), text.substring(second + 1) };
            if (previous != null && parts[0].compareTo(previous) <= 0) {
                throw new Failure(where, "the heads are not in case-id order");
            }
            previous = parts[0];
            headCase = parts[0];
            try {
                headSeq = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new Failure(where, "not a head (caseId,seq,hash)");
            }
            headHash = parts[2];
            count++;
            events += headSeq;
        }

        /** Called for each event in order; the head of this case must be one of them. */
        void event(String eventCase, int seq, String hash, long eventLine) throws IOException {
            if (headCase != null && headCase.compareTo(eventCase) < 0) {
                throw new Failure(file + ":" + line, "head " + headCase + " seq " + headSeq
                        + " is not an event of events.jsonl");
            }
            if (headCase != null && headCase.equals(eventCase) && headSeq == seq) {
                if (!headHash.equals(hash)) {
                    throw new Failure(file + ":" + line, "head " + headCase + " seq " + headSeq
                            + " does not have the hash of that event (events.jsonl:" + eventLine + ")");
                }
                next();
            }
        }

        void finish() throws IOException {
            if (headCase != null) {
                throw new Failure(file + ":" + line, "head " + headCase + " seq " + headSeq
                        + " is not an event of events.jsonl");
            }
            if (proof) {
                report.add("  heads         the case's head in the latest checkpoint is an event of its chain");
                return;
            }
            byte[] root;
            try {
                root = this.root.get();
            } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                throw new IOException(e);
            }
            String where = "checkpoints.json:" + ((Json.Obj) latest).line;
            if (count != number(latest, "cases", where) || events != number(latest, "events", where)) {
                throw new Failure(file, count + " heads of " + events + " events, the latest checkpoint signed "
                        + latest.get("cases") + " cases of " + latest.get("events") + " events");
            }
            if (!HEX.formatHex(root).equals(latest.get("root"))) {
                throw new Failure(file, "the heads do not give the latest checkpoint's Merkle root");
            }
            report.add(String.format("  merkle root   rebuilt from %d heads (%d events): the latest checkpoint's root; "
                    + "every head is an event of events.jsonl", count, events));
        }
    }

    /** RFC 6962: the root of the heads in one streamed pass, a stack of full subtrees at a time. */
    private byte[] merkleRoot(String file) throws IOException {
        List<byte[]> stack = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        try (BufferedReader in = reader(file)) {
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                stack.add(leafHash(text.replace(',', '\n')));
                sizes.add(1L);
                while (sizes.size() > 1 && sizes.get(sizes.size() - 1).equals(sizes.get(sizes.size() - 2))) {
                    byte[] right = stack.remove(stack.size() - 1);
                    byte[] left = stack.remove(stack.size() - 1);
                    long size = sizes.remove(sizes.size() - 1) + sizes.remove(sizes.size() - 1);
                    stack.add(node(left, right));
                    sizes.add(size);
                }
            }
        }
        byte[] root = stack.isEmpty() ? sha256(new byte[0]) : stack.get(stack.size() - 1);
        for (int i = stack.size() - 2; i >= 0; i--) {
            root = node(stack.get(i), root);
        }
        return root;
    }

    static boolean lowerHex(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    static byte[] leafHash(String head) {
        MessageDigest d = digest();
        d.update((byte) 0);
        d.update(head.getBytes(StandardCharsets.UTF_8));
        return d.digest();
    }

    static byte[] node(byte[] left, byte[] right) {
        MessageDigest d = digest();
        d.update((byte) 1);
        d.update(left);
        d.update(right);
        return d.digest();
    }

    // ---- events.jsonl and the attestations

    /** Lines handed to a worker at a time, and batches read ahead of the chain check. */
    static final int BATCH = 2048, AHEAD = 8;

    /**
     * Reads events.jsonl once. Workers read and hash the lines (all that a line holds on its own: JSON,
     * fields, times, its hash from its canonical form), batch after batch, while this thread inflates the
     * next lines; this thread then follows the chains in line order (case order, seq, each prevHash the
     * hash before it), so the first failure named is the one a line-by-line reading meets first.
     */
    private void events(Heads heads) throws IOException {
        String file = "events.jsonl";
        long started = System.nanoTime();
        ZipEntry entry = zip.getEntry(file);
        if (entry == null) {
            throw new Failure(file, "missing from the pack");
        }
        Chains chains = new Chains(file, heads);
        int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "event-hashes");
            t.setDaemon(true);
            return t;
        });
        java.util.ArrayDeque<java.util.concurrent.Future<Line[]>> read = new java.util.ArrayDeque<>();
        Counted counted = new Counted(zip.getInputStream(entry));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(counted, StandardCharsets.UTF_8), 1 << 16)) {
            String[] batch = new String[BATCH];
            int n = 0;
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                batch[n++] = text;
                if (n == BATCH) {
                    String[] lines = batch;
                    read.add(pool.submit(() -> Line.readAll(lines, BATCH)));
                    batch = new String[BATCH];
                    n = 0;
                    if (read.size() > AHEAD) {
                        chains.follow(done(read.poll()));
                    }
                }
            }
            String[] lines = batch;
            int last = n;
            read.add(pool.submit(() -> Line.readAll(lines, last)));
            while (!read.isEmpty()) {
                chains.follow(done(read.poll()));
            }
            streamed.put(file, counted.result());
        } finally {
            pool.shutdownNow();
        }
        long line = chains.line;
        long cases = chains.cases;
        long files = 0;
        long attached = 0;
        long supplied = 0;
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements();) {
            String name = en.nextElement().getName();
            if (name.startsWith("attestations/") && name.endsWith(".json") && name.indexOf('/', 13) < 0) {
                files++;
            } else if (name.startsWith("attestations/") && name.indexOf("/files/", 13) > 0) {
                attached++;
            } else if (name.startsWith("supplements/")) {
                supplied++;
            }
        }
        if (files != attestations) {
            throw new Failure("attestations/", files + " attestation files, but events.jsonl records " + attestations
                    + " attestations");
        }
        if (attached != evidenceFiles) {
            throw new Failure("attestations/", attached + " attached files, but the attestations list " + evidenceFiles);
        }
        if (supplied != suppliedFiles) {
            throw new Failure("supplements/", supplied + " files sent for audits, but the events list " + suppliedFiles);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        report.add(String.format("  events        %d hashes and chain links of %d cases (%.1f s, %.0f events/s)", line,
                cases, seconds, line / Math.max(seconds, 1e-9)));
        report.add(String.format("  attestations  %d digests as their events recorded them, %d attached files", attestations,
                evidenceFiles));
        if (suppliedFiles > 0) {
            report.add(String.format("  supplements   %d files sent for audits, as their events recorded them", suppliedFiles));
        }
    }

    /** The attestation file must have the digest the event recorded; its files, the digests it lists. */
    private void attestation(String eventCase, Map<String, Object> data, String eventWhere) throws IOException {
        String id = text(data, "attestationId", eventWhere);
        String file = "attestations/" + eventCase + "-" + id + ".json";
        ZipEntry entry = zip.getEntry(file);
        if (entry == null) {
            throw new Failure(eventWhere, "the attestation " + id + " it records is missing (" + file + ")");
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readAllBytes();
        }
        if (!HEX.formatHex(sha256(bytes)).equals(data.get("sha256"))) {
            throw new Failure(file, "its SHA-256 is not the digest recorded by its ATTESTATION_RECEIVED event ("
                    + eventWhere + ")");
        }
        Map<String, Object> canonical = object(parse(new String(bytes, StandardCharsets.UTF_8), file), file);
        if (!id.equals(canonical.get("attestationId")) || !eventCase.equals(canonical.get("caseId"))) {
            throw new Failure(file, "it is not the attestation its name and event give");
        }
        Object listed = canonical.get("evidence");
        for (Object item : listed == null ? List.of() : list(listed, file)) {
            Map<String, Object> f = object(item, file);
            String path = "attestations/" + id + "/files/" + text(f, "evidenceId", file) + "-" + text(f, "filename", file);
            listedFile(path, f, file, "the attestation lists (" + file + ")");
            evidenceFiles++;
        }
        attestations++;
    }

    /** The files an EVIDENCE_SUPPLIED event lists must be in the pack with the digests it recorded. */
    private void supplement(Map<String, Object> data, String eventWhere) throws IOException {
        String id = text(data, "supplementId", eventWhere);
        Object listed = data.get("files");
        for (Object item : listed == null ? List.of() : list(listed, eventWhere)) {
            Map<String, Object> f = object(item, eventWhere);
            String path = "supplements/" + id + "/" + text(f, "evidenceId", eventWhere) + "-"
                    + text(f, "filename", eventWhere);
            listedFile(path, f, eventWhere, "its EVIDENCE_SUPPLIED event recorded (" + eventWhere + ")");
            suppliedFiles++;
        }
    }

    /** A file the record {@code f} lists (at {@code where}) is in the pack, with the SHA-256 and size it gives. */
    private void listedFile(String path, Map<String, Object> f, String where, String whose) throws IOException {
        ZipEntry entry = zip.getEntry(path);
        if (entry == null) {
            throw new Failure(where, "its evidence file " + path + " is missing");
        }
        MessageDigest d = digest();
        long size = 0;
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                d.update(buffer, 0, n);
                size += n;
            }
        }
        if (!HEX.formatHex(d.digest()).equals(f.get("sha256")) || size != number(f, "size", where)) {
            throw new Failure(path, "its SHA-256 or size is not what " + whose);
        }
    }

    /** A worker's batch, or what went wrong in it. */
    private static Line[] done(java.util.concurrent.Future<Line[]> batch) {
        try {
            return batch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("events.jsonl", "interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** One line of events.jsonl as read on its own: its fields, or what makes it no event; and whether its hash holds. */
    static final class Line {
        final String[] f = new String[EVENT_FIELDS.size()];
        String problem;
        int seq;
        long micros;
        boolean hashHolds;

        static Line[] readAll(String[] texts, int count) {
            MessageDigest sha = digest();
            StringBuilder canonical = new StringBuilder(1024);
            Line[] lines = new Line[count];
            for (int i = 0; i < count; i++) {
                lines[i] = read(texts[i], sha, canonical);
            }
            return lines;
        }

        static Line read(String text, MessageDigest sha, StringBuilder canonical) {
            Line l = new Line();
            String[] f = l.f;
            try {
                Json.event(text, f);
            } catch (JsonError x) {
                l.problem = "not JSON: " + x.what;
                return l;
            }
            for (int i = 0; i < f.length; i++) {
                if (f[i] == null && i != FROM) {
                    l.problem = "\"" + EVENT_FIELDS.get(i) + "\" is missing or not what it should be";
                    return l;
                }
            }
            long seqNumber = wholeNumber(f[SEQ]);
            if (seqNumber < 1 || seqNumber > Integer.MAX_VALUE) {  // Long.MIN_VALUE: not a number
                l.problem = "seq " + seqNumber + " is not a sequence number";
                return l;
            }
            l.seq = (int) seqNumber;
            l.micros = wholeNumber(f[MICROS]);
            if (l.micros == Long.MIN_VALUE) {
                l.problem = "atMicros is not a whole number";
                return l;
            }
            long atMicros = instantMicros(f[AT]);
            if (atMicros == Long.MIN_VALUE) {
                l.problem = "at is not an ISO-8601 UTC instant in microseconds";
                return l;
            }
            if (atMicros != l.micros) {
                l.problem = "at is not the instant of atMicros";
                return l;
            }
            canonical.setLength(0);
            canonical.append(f[PREV]).append('\n').append(f[CASE]).append('\n').append(l.seq).append('\n')
                    .append(f[TYPE]).append('\n').append(f[FROM] == null ? "" : f[FROM]).append('\n').append(f[TO])
                    .append('\n').append(f[ACTOR]).append('\n').append(l.micros).append('\n').append(f[DATA]);
            l.hashHolds = HEX.formatHex(sha.digest(canonical.toString().getBytes(StandardCharsets.UTF_8))).equals(f[HASH]);
            return l;
        }
    }

    /** Follows the chains through the lines in order: what no line shows on its own. */
    private final class Chains {
        final String file;
        final Heads heads;
        long line;
        long cases;
        String current;
        int lastSeq;
        String lastHash;

        Chains(String file, Heads heads) {
            this.file = file;
            this.heads = heads;
        }

        void follow(Line[] lines) throws IOException {
            for (Line l : lines) {
                line++;
                String where = file + ":" + line;
                if (l.problem != null) {
                    throw new Failure(where, l.problem);
                }
                String eventCase = l.f[CASE];
                int seq = l.seq;
                if (caseId != null && !caseId.equals(eventCase)) {
                    throw new Failure(where, "an event of another case than the pack's");
                }
                if (!eventCase.equals(current)) {
                    if (current != null && eventCase.compareTo(current) < 0) {
                        throw new Failure(where, "the events are not in case-id order");
                    }
                    current = eventCase;
                    cases++;
                    lastSeq = 0;
                    lastHash = GENESIS_HEX;
                }
                if (seq != lastSeq + 1) {
                    throw new Failure(where, "seq " + seq + " does not follow seq " + lastSeq + " of case " + eventCase);
                }
                if (!l.f[PREV].equals(lastHash)) {
                    throw new Failure(where, "prevHash is not the hash of the event before it"
                            + (seq == 1 ? " (64 zeros for the first)" : ""));
                }
                if (!l.hashHolds) {
                    throw new Failure(where, "hash does not match the event's canonical form");
                }
                String type = l.f[TYPE];
                if (type.equals("ATTESTATION_RECEIVED")) {
                    attestation(eventCase, object(parse(l.f[DATA], where), where), where);
                } else if (type.equals("EVIDENCE_SUPPLIED")) {
                    supplement(object(parse(l.f[DATA], where), where), where);
                }
                if (heads != null) {
                    heads.event(eventCase, seq, l.f[HASH], line);
                }
                lastSeq = seq;
                lastHash = l.f[HASH];
            }
        }
    }

    static final List<String> EVENT_FIELDS = List.of("caseId", "seq", "type", "fromState", "toState", "actor", "at",
            "atMicros", "data", "prevHash", "hash");
    static final int CASE = 0, SEQ = 1, TYPE = 2, FROM = 3, TO = 4, ACTOR = 5, AT = 6, MICROS = 7, DATA = 8, PREV = 9,
            HASH = 10;

    /** The number, or {@code Long.MIN_VALUE} when the text is none. */
    static long wholeNumber(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException x) {
            return Long.MIN_VALUE;
        }
    }

    /**
     * The microseconds since 1970 of an ISO-8601 UTC instant as {@code Instant.toString()} writes it, or
     * {@code Long.MIN_VALUE} when the text is none (or finer than a microsecond).
     */
    static long instantMicros(String at) {
        try {
            if (at.length() < 20 || at.charAt(4) != '-' || at.charAt(7) != '-' || at.charAt(10) != 'T'
                    || at.charAt(13) != ':' || at.charAt(16) != ':' || at.charAt(at.length() - 1) != 'Z') {
                throw new NumberFormatException();
            }
            long day = java.time.LocalDate.of(Integer.parseInt(at, 0, 4, 10), Integer.parseInt(at, 5, 7, 10),
                    Integer.parseInt(at, 8, 10, 10)).toEpochDay();
            long seconds = day * 86400 + Integer.parseInt(at, 11, 13, 10) * 3600L + Integer.parseInt(at, 14, 16, 10) * 60L
                    + Integer.parseInt(at, 17, 19, 10);
            long fraction = 0;
            int end = at.length() - 1;
            if (end > 19) {
                if (at.charAt(19) != '.' || end - 20 > 9 || end - 20 < 1) {
                    throw new NumberFormatException();
                }
                fraction = Long.parseLong(at, 20, end, 10);
                for (int digits = end - 20; digits < 9; digits++) {
                    fraction *= 10;
                }
                if (fraction % 1000 != 0) {
                    return Long.MIN_VALUE;
                }
            }
            return seconds * 1_000_000 + fraction / 1000;
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return Long.MIN_VALUE;
        }
    }

    /** A file's digest and size, taken while another check streamed it, so the manifest check needs not read it again. */
    record Digest(String sha256, long size) {
    }

    private final Map<String, Digest> streamed = new HashMap<>();

    static final class Counted extends java.io.FilterInputStream {
        final MessageDigest digest = digest();
        long size;

        Counted(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                digest.update((byte) b);
                size++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
                size += n;
            }
            return n;
        }

        Digest result() throws IOException {
            byte[] rest = new byte[1 << 16];
            while (read(rest, 0, rest.length) > 0) {
                // a file read to its end, whatever its reader left
            }
            return new Digest(HEX.formatHex(digest.digest()), size);
        }
    }

    // ---- manifest.json

    private Map<String, Object> manifestHeader() throws IOException {
        try (BufferedReader in = reader(MANIFEST)) {
            String first = in.readLine();
            if (first == null || !first.endsWith(",\"files\":[")) {
                throw new Failure(MANIFEST + ":1", "not the header of a pack's manifest");
            }
            Map<String, Object> header = object(parse(first.substring(0, first.length() - 10) + "}", MANIFEST + ":1"),
                    MANIFEST + ":1");
            if (!"datarecall-evidence-pack/1".equals(header.get("format"))) {
                throw new Failure(MANIFEST + ":1", "not a pack of a format this check knows");
            }
            return header;
        }
    }

    /** Every file, in the order written, against the manifest's lines in the same order. */
    private void manifest() throws IOException {
        long files = 0;
        long bytes = 0;
        try (BufferedReader in = reader(MANIFEST)) {
            in.readLine();
            long line = 1;
            Enumeration<? extends ZipEntry> entries = zip.entries();
            byte[] buffer = new byte[1 << 16];
            while (true) {
                String text = in.readLine();
                line++;
                String where = MANIFEST + ":" + line;
                if (text == null) {
                    throw new Failure(where, "the manifest ends early");
                }
                ZipEntry entry = nextEntry(entries);
                if (text.equals("]}")) {
                    if (entry != null) {
                        throw new Failure(entry.getName(), "in the pack but not in manifest.json");
                    }
                    break;
                }
                Map<String, Object> listed = object(parse(text.endsWith(",") ? text.substring(0, text.length() - 1)
                        : text, where), where);
                String path = text(listed, "path", where);
                if (entry == null) {
                    throw new Failure(where, path + " is listed but missing from the pack");
                }
                if (!entry.getName().equals(path)) {
                    throw new Failure(zip.getEntry(path) == null ? where : entry.getName(), zip.getEntry(path) == null
                            ? path + " is listed but missing from the pack"
                            : "in the pack but not in manifest.json where it stands (line " + line + " lists " + path + ")");
                }
                Digest got = streamed.get(path);
                if (got == null) {
                    MessageDigest d = digest();
                    long size = 0;
                    try (InputStream data = zip.getInputStream(entry)) {
                        for (int n = data.read(buffer); n > 0; n = data.read(buffer)) {
                            d.update(buffer, 0, n);
                            size += n;
                        }
                    }
                    got = new Digest(HEX.formatHex(d.digest()), size);
                }
                long size = got.size();
                if (!got.sha256().equals(listed.get("sha256")) || size != number(listed, "size", where)) {
                    throw new Failure(path, "its SHA-256 or size does not match " + where);
                }
                files++;
                bytes += size;
            }
        }
        report.add(String.format("  files         %d files (%d bytes): SHA-256 and size as manifest.json lists them, "
                + "none missing, none extra", files, bytes));
    }

    private static ZipEntry nextEntry(Enumeration<? extends ZipEntry> entries) {
        while (entries.hasMoreElements()) {
            ZipEntry e = entries.nextElement();
            if (!e.getName().equals(MANIFEST)) {
                return e;
            }
        }
        return null;
    }

    // ---- reading

    private BufferedReader reader(String file) throws IOException {
        ZipEntry entry = zip.getEntry(file);
        if (entry == null) {
            throw new Failure(file, "missing from the pack");
        }
        return new BufferedReader(new InputStreamReader(zip.getInputStream(entry), StandardCharsets.UTF_8), 1 << 16);
    }

    private Object readJson(String file) throws IOException {
        ZipEntry entry = zip.getEntry(file);
        if (entry == null) {
            throw new Failure(file, "missing from the pack");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            try {
                return Json.parse(text);
            } catch (JsonError e) {
                throw new Failure(file + ":" + e.line, "not JSON: " + e.what);
            }
        }
    }

    static Object parse(String text, String where) {
        try {
            return Json.parse(text);
        } catch (JsonError e) {
            throw new Failure(where, "not JSON: " + e.what);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value, String where) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new Failure(where, "a JSON object was expected");
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value, String where) {
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new Failure(where, "a JSON array was expected");
    }

    static String text(Map<String, Object> map, String key, String where) {
        if (map.get(key) instanceof String s) {
            return s;
        }
        throw new Failure(where, "\"" + key + "\" is missing or not text");
    }

    /** A hash written as hex; anything else is a failure of the file it came from. */
    static byte[] hex(Object value, String key, String where) {
        if (value instanceof String s && s.length() == 64) {
            try {
                return HEX.parseHex(s);
            } catch (IllegalArgumentException e) {
                // falls through to the failure below
            }
        }
        throw new Failure(where, "\"" + key + "\" holds " + value + ", which is not a SHA-256 hash in hex");
    }

    static long number(Map<String, Object> map, String key, String where) {
        if (map.get(key) instanceof Long n) {
            return n;
        }
        throw new Failure(where, "\"" + key + "\" is missing or not a whole number");
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[] bytes) {
        return digest().digest(bytes);
    }

    /** Text that is not the JSON it should be, and the line of its file where that shows. */
    static final class JsonError extends Failure {
        final int line;
        final String what;

        JsonError(int line, String what) {
            super("line " + line, what);
            this.line = line;
            this.what = what;
        }
    }

    /** A small strict JSON reader: objects (keeping the line each starts on), arrays, strings, numbers, literals. */
    static final class Json {

        static final class Obj extends LinkedHashMap<String, Object> {
            final int line;

            Obj(int line) {
                this.line = line;
            }
        }

        private final String s;
        private int i;
        private int line = 1;
        private int nextEscape = -1;

        private Json(String s) {
            this.s = s;
        }

        /** One line of events.jsonl into its fields (text as read; numbers as their digits; null as null). */
        static void event(String text, String[] fields) {
            java.util.Arrays.fill(fields, null);
            Json json = new Json(text);
            json.space();
            json.expect('{');
            json.space();
            if (json.peek() == '}') {
                throw json.error("an empty object");
            }
            while (true) {
                json.space();
                if (json.peek() != '"') {
                    throw json.error("a member name was expected");
                }
                String key = json.string();
                json.space();
                json.expect(':');
                json.space();
                int index = EVENT_FIELDS.indexOf(key);
                char c = json.peek();
                String value;
                if (c == '"') {
                    value = json.string();
                } else if (c == 'n') {
                    json.literal("null", null);
                    value = null;
                } else if (c == '-' || c >= '0' && c <= '9') {
                    value = json.numberText();
                } else {
                    json.value();
                    value = null;
                }
                if (index >= 0) {
                    fields[index] = value;
                }
                json.space();
                char next = json.next();
                if (next == '}') {
                    break;
                }
                if (next != ',') {
                    throw json.error("',' or '}' was expected");
                }
            }
            json.space();
            if (json.i != text.length()) {
                throw json.error("text after the JSON value");
            }
        }

        static Object parse(String text) {
            Json json = new Json(text);
            Object value = json.value();
            json.space();
            if (json.i != text.length()) {
                throw json.error("text after the JSON value");
            }
            return value;
        }

        private JsonError error(String what) {
            return new JsonError(line, what);
        }

        private void space() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '\n') {
                    line++;
                } else if (c != ' ' && c != '\t' && c != '\r') {
                    return;
                }
                i++;
            }
        }

        private Object value() {
            space();
            if (i >= s.length()) {
                throw error("the JSON ends early");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    return number();
            }
        }

        private Object literal(String word, Object value) {
            if (!s.startsWith(word, i)) {
                throw error("not JSON");
            }
            i += word.length();
            return value;
        }

        private Obj object() {
            Obj map = new Obj(line);
            i++;
            space();
            if (peek() == '}') {
                i++;
                return map;
            }
            while (true) {
                space();
                if (peek() != '"') {
                    throw error("a member name was expected");
                }
                String key = string();
                space();
                expect(':');
                map.put(key, value());
                space();
                char c = next();
                if (c == '}') {
                    return map;
                }
                if (c != ',') {
                    throw error("',' or '}' was expected");
                }
            }
        }

        private List<Object> array() {
            List<Object> list = new ArrayList<>();
            i++;
            space();
            if (peek() == ']') {
                i++;
                return list;
            }
            while (true) {
                list.add(value());
                space();
                char c = next();
                if (c == ']') {
                    return list;
                }
                if (c != ',') {
                    throw error("',' or ']' was expected");
                }
            }
        }

        private String string() {
            i++;
            int quote = s.indexOf('"', i);
            if (quote < 0) {
                throw error("a string does not end");
            }
            int escape = escapeBefore(quote);
            if (escape < 0) {
                String text = s.substring(i, quote);
                i = quote + 1;
                return text;
            }
            StringBuilder out = new StringBuilder(quote - i + 64);
            while (true) {
                quote = s.indexOf('"', i);
                if (quote < 0) {
                    throw error("a string does not end");
                }
                escape = escapeBefore(quote);
                if (escape < 0) {
                    out.append(s, i, quote);
                    i = quote + 1;
                    return out.toString();
                }
                out.append(s, i, escape);
                i = escape + 1;
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw error("a broken \\u escape");
                        }
                        try {
                            out.append((char) Integer.parseInt(s, i, i + 4, 16));
                        } catch (NumberFormatException x) {
                            throw error("a broken \\u escape");
                        }
                        i += 4;
                    }
                    default -> throw error("an unknown escape");
                }
            }
        }

        /** The next backslash before {@code end}, or -1; one scan per line while the line has none ahead. */
        private int escapeBefore(int end) {
            if (nextEscape < i) {
                nextEscape = s.indexOf('\\', i);
                if (nextEscape < 0) {
                    nextEscape = Integer.MAX_VALUE;
                }
            }
            return nextEscape < end ? nextEscape : -1;
        }

        private String numberText() {
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            if (start == i) {
                throw error("not JSON");
            }
            return s.substring(start, i);
        }

        private Object number() {
            String n = numberText();
            try {
                if (n.length() <= 18 && n.indexOf('.') < 0 && n.indexOf('e') < 0 && n.indexOf('E') < 0
                        && n.indexOf('+') < 0 && !n.startsWith("0", n.startsWith("-") ? 1 : 0) || n.equals("0")) {
                    return Long.parseLong(n);
                }
                return new BigDecimal(n);
            } catch (NumberFormatException x) {
                throw error("not a number: " + n);
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw error("the JSON ends early");
            }
            return s.charAt(i);
        }

        private char next() {
            char c = peek();
            i++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                throw error("'" + c + "' was expected");
            }
        }
    }
}
