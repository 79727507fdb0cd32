import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Data Recall benchmark at one campaign of N developers. Run through bench/run, which starts the
 * packaged service on a fresh database and passes: rows, base URL, user, password, psql connection.
 * Prints one table of figures; timings of HTTP calls are measured by this client, end to end.
 */
public class Benchmark {

    static final Random RANDOM = new Random(42);
    static HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static String base;
    static String auth;
    static String psqlUrl;
    static final List<String[]> table = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(args[0]);
        base = args[1];
        auth = "Basic " + Base64.getEncoder().encodeToString((args[2] + ":" + args[3]).getBytes(StandardCharsets.UTF_8));
        psqlUrl = args[4];
        Path work = Path.of(args.length > 5 ? args[5] : "bench/work");
        Files.createDirectories(work);
        Path csv = work.resolve("developers-" + rows + ".csv");
        if (!Files.exists(csv)) {
            generate(csv, rows);
        }
        long bytes = Files.size(csv);
        System.out.printf(Locale.ROOT, "%n%,d developers, %,d bytes of CSV%n", rows, bytes);

        // 1. Baseline: PostgreSQL's own COPY of the same file into a bare table of the same shape.
        psql("DROP TABLE IF EXISTS bench_bare; CREATE TABLE bench_bare (developer_id text, name text, email text, "
                + "cc_emails text, app_ids text, last_access_at timestamptz)");
        long t0 = System.nanoTime();
        psql("\\copy bench_bare FROM '" + csv.toAbsolutePath() + "' WITH (FORMAT csv, HEADER true)");
        double copySeconds = seconds(t0);
        double copyRate = rows / copySeconds;
        row("COPY into a bare table (psql \\copy)", String.format(Locale.ROOT, "%,.0f rows/s (%.1f s)", copyRate, copySeconds), "baseline");

        // 2. Import over HTTP into a new campaign.
        String campaign = createCampaign();
        t0 = System.nanoTime();
        HttpResponse<String> imported = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/campaigns/" + campaign + "/developers"))
                .header("Authorization", auth).header("Content-Type", "text/csv")
                .timeout(java.time.Duration.ofMinutes(30))
                .POST(HttpRequest.BodyPublishers.ofFile(csv)).build(), HttpResponse.BodyHandlers.ofString());
        double importSeconds = seconds(t0);
        check(imported, 200);
        double importRate = rows / importSeconds;
        row("Import over HTTP (CSV, all or nothing)", String.format(Locale.ROOT, "%,.0f rows/s (%.1f s)", importRate, importSeconds),
                String.format(Locale.ROOT, "%.2f of COPY (target >= 0.5)", importRate / copyRate));
        psql("DROP TABLE bench_bare");
        psql("VACUUM ANALYZE dr_case");
        psql("VACUUM ANALYZE dr_case_event");

        // 3. Filtered case-list pages, from random points of the keyset.
        int listRequests = Math.max(200, Math.min(2000, rows / 10));
        double[] list = new double[listRequests];
        for (int i = 0; i < listRequests; i++) {
            String after = String.format(Locale.ROOT, "dev-%08d", RANDOM.nextInt(rows));
            String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(after.getBytes(StandardCharsets.UTF_8));
            long s = System.nanoTime();
            check(get("/api/v1/campaigns/" + campaign + "/cases?state=PENDING&riskTier=STANDARD&limit=50&cursor=" + cursor), 200);
            list[i] = millis(s);
        }
        row("Case list page (state + riskTier, 50 rows)", percentiles(list), "p99 target <= 20 ms");

        // 4. Case detail reads of random cases.
        List<String> ids = Arrays.asList(psql("SELECT id FROM dr_case ORDER BY random() LIMIT 1000").trim().split("\n"));
        int detailRequests = Math.max(200, Math.min(2000, rows / 10));
        double[] detail = new double[detailRequests];
        for (int i = 0; i < detailRequests; i++) {
            String id = ids.get(RANDOM.nextInt(ids.size())).trim();
            long s = System.nanoTime();
            check(get("/api/v1/cases/" + id), 200);
            detail[i] = millis(s);
        }
        row("Case detail", percentiles(detail), "");

        // 5. Summary and integrity.
        double[] summary = new double[20];
        for (int i = 0; i < summary.length; i++) {
            long s = System.nanoTime();
            HttpResponse<String> r = get("/api/v1/campaigns/" + campaign + "/summary");
            check(r, 200);
            summary[i] = millis(s);
        }
        row("Summary", percentiles(summary), "target <= 200 ms");

        t0 = System.nanoTime();
        HttpResponse<String> integrity = get("/api/v1/campaigns/" + campaign + "/integrity");
        double integritySeconds = seconds(t0);
        check(integrity, 200);
        long checked = Long.parseLong(field(integrity.body(), "eventsChecked"));
        if (!integrity.body().contains("\"verified\":true")) {
            throw new IllegalStateException("integrity check failed: " + integrity.body());
        }
        row("Integrity check", String.format(Locale.ROOT, "%,.0f events/s (%,d in %.2f s)", checked / integritySeconds,
                checked, integritySeconds), "target >= 200,000 events/s");

        print();
    }

    static void generate(Path csv, int rows) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("developerId,name,email,ccEmails,appIds,lastAccessAt\n");
            for (int i = 0; i < rows; i++) {
                String id = String.format(Locale.ROOT, "dev-%08d", i);
                w.write(id);
                w.write(",\"Developer " + i + ", Inc.\",");
                w.write("privacy+" + i + "@developer" + (i % 5000) + ".example,");
                w.write(i % 3 == 0 ? "legal" + i + "@developer" + (i % 5000) + ".example;cto" + i + "@developer" + (i % 5000) + ".example," : ",");
                w.write("app-" + i + ";app-" + (i + rows) + ",");
                // About one in ten read the data within the recent-access window.
                w.write(i % 10 == 0 ? "2026-03-15T10:00:00Z" : (i % 2 == 0 ? "2025-09-01T00:00:00Z" : ""));
                w.write('\n');
            }
        }
    }

    static String createCampaign() throws Exception {
        String body = "{\"title\":\"Benchmark\",\"dataCategories\":[\"group member names\",\"profile pictures\"],"
                + "\"detectedAt\":\"2026-04-01T00:00:00Z\"}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/campaigns"))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        check(r, 201);
        return field(r.body(), "id");
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String psql(String sql) throws Exception {
        Process p = new ProcessBuilder("psql", psqlUrl, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("psql failed: " + out);
        }
        return out;
    }

    static void check(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
        }
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException(name + " not in " + json);
        }
        return m.group(1);
    }

    static String percentiles(double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        double p99 = sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
        return String.format(Locale.ROOT, "median %.1f ms, p99 %.1f ms (n=%d)", median, p99, ms.length);
    }

    static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    static double millis(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    static void row(String what, String figure, String note) {
        table.add(new String[] { what, figure, note });
        System.out.printf(Locale.ROOT, "  %-44s %s %s%n", what, figure, note);
    }

    static void print() {
        System.out.println();
        System.out.println("| measure | figure | note |");
        System.out.println("|---|---|---|");
        for (String[] r : table) {
            System.out.println("| " + r[0] + " | " + r[1] + " | " + r[2] + " |");
        }
    }
}
