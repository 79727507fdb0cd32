package org.datarecall.pack;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.datarecall.portal.CanonicalJson;

/**
 * The pack's ZIP as it streams to the client: each file is digested and counted on its way into the
 * archive, and {@code manifest.json} — written last — lists every file before it in the order they
 * were written, one per line, so a reader can check the archive in one pass beside the manifest.
 */
final class PackZip implements AutoCloseable {

    /** Writes one file's bytes. */
    @FunctionalInterface
    interface Content {
        void write(OutputStream out) throws IOException, SQLException;
    }

    static final String MANIFEST = "manifest.json";
    static final String FORMAT = "datarecall-evidence-pack/1";

    private final ZipOutputStream zip;
    private final StringBuilder manifest = new StringBuilder(4096);
    private final Map<String, Object> header;
    private long files;

    PackZip(OutputStream out, Map<String, Object> header) {
        // The deflater hands its output on in 512-byte pieces; the client gets them in 64 KiB writes.
        this.zip = new ZipOutputStream(new BufferedOutputStream(out, 64 * 1024), StandardCharsets.UTF_8);
        this.zip.setLevel(1);
        this.header = header;
    }

    void file(String path, Content content) throws IOException, SQLException {
        zip.putNextEntry(new ZipEntry(path));
        Counted counted = new Counted(zip);
        content.write(counted);
        zip.closeEntry();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("path", path);
        line.put("size", counted.size);
        line.put("sha256", HexFormat.of().formatHex(counted.digest.digest()));
        manifest.append(files++ == 0 ? "\n" : ",\n").append(CanonicalJson.write(line));
        if (manifest.length() > 1 << 20) {
            flushManifestLines();
        }
    }

    void file(String path, byte[] bytes) throws IOException, SQLException {
        file(path, out -> out.write(bytes));
    }

    void file(String path, String text) throws IOException, SQLException {
        file(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The manifest's lines are kept in a temporary file once they grow (a million cases hold millions of
     * files), and copied into {@code manifest.json} at the end.
     */
    private Path spill;

    private void flushManifestLines() throws IOException {
        if (spill == null) {
            spill = Files.createTempFile("datarecall-manifest", ".jsonl");
            spill.toFile().deleteOnExit();
        }
        Files.writeString(spill, manifest, StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        manifest.setLength(0);
    }

    /** Writes {@code manifest.json} and ends the archive. */
    void finish() throws IOException {
        zip.putNextEntry(new ZipEntry(MANIFEST));
        String head = CanonicalJson.write(header);
        zip.write((head.substring(0, head.length() - 1) + ",\"files\":[").getBytes(StandardCharsets.UTF_8));
        if (spill != null) {
            Files.copy(spill, zip);
        }
        zip.write(manifest.toString().getBytes(StandardCharsets.UTF_8));
        zip.write("\n]}\n".getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
        zip.finish();
        zip.flush();
    }

    @Override
    public void close() throws IOException {
        if (spill != null) {
            Files.deleteIfExists(spill);
            spill = null;
        }
    }

    /** Passes bytes on to the archive, digesting and counting them; closing it leaves the archive open. */
    private static final class Counted extends FilterOutputStream {
        final MessageDigest digest = sha256();
        long size;

        Counted(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
            size++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            digest.update(b, off, len);
            size += len;
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
