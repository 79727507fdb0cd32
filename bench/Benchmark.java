import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * packaged service on a fresh database and passes: rows, base URL, user, password, psql connection (as the
 * schema's owner: the baseline tables are the benchmark's own, and VACUUM needs the owner).
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

        if ("reminders".equals(System.getenv("BENCH_ONLY"))) {
            reminders(rows);
            print();
            return;
        }
        if ("checkpoint".equals(System.getenv("BENCH_ONLY"))) {
            // Only the checkpoint and the integrity check that compares with it.
            String campaign = importedCampaign(csv);
            psql("VACUUM ANALYZE dr_case");
            checkpointAndIntegrity(campaign);
            evidencePack(campaign, work);
            print();
            return;
        }
        if ("search".equals(System.getenv("BENCH_ONLY"))) {
            // Only the case search: import the developers, then a search that matches nothing beside one
            // that matches thousands.
            String campaign = importedCampaign(csv);
            psql("VACUUM ANALYZE dr_case");
            search(campaign);
            print();
            return;
        }
        if ("access".equals(System.getenv("BENCH_ONLY"))) {
            // Only the platform's records: import the developers, then the access-record figures.
            String campaign = importedCampaign(csv);
            accessRecords(campaign, rows, work);
            print();
            return;
        }
        if ("bulk".equals(System.getenv("BENCH_ONLY"))) {
            // Only a bulk action over every case of a new campaign, with the staff pages read meanwhile.
            bulkOverEveryCase(importedCampaign(csv), rows);
            print();
            return;
        }
        if (System.getenv("BENCH_ONLY") != null && !"import".equals(System.getenv("BENCH_ONLY"))) {
            // Only the summary, the attestation or the delivery figures: import, launch until every case
            // waits, then those.
            String campaign = importedCampaign(csv);
            check(post("/api/v1/campaigns/" + campaign + "/launch", ""), 200);
            waitFor(Duration.ofMinutes(30), () -> metric(metrics().body(), "datarecall_sweep_cases_total",
                    "REQUEST") >= rows);
            if ("summary".equals(System.getenv("BENCH_ONLY"))) {
                summary(campaign, Arrays.asList(psql("SELECT id FROM dr_case WHERE campaign_id = '" + campaign
                        + "' ORDER BY random() LIMIT 1000").trim().split("\n")));
            } else if ("delivery".equals(System.getenv("BENCH_ONLY"))) {
                delivery(Math.min(20_000, rows));
                webhooks(Math.min(20_000, rows));
                bounces(Math.min(10_000, rows));
            } else if ("webhooks".equals(System.getenv("BENCH_ONLY"))) {
                webhooks(Math.min(20_000, rows));
            } else if ("bounces".equals(System.getenv("BENCH_ONLY"))) {
                // Only the bounce reading: its notices marked sent here, as the sender would have.
                psql("UPDATE dr_notice SET status = 'SENT', sent_at = now(), attempts = 1 WHERE id IN (SELECT id "
                        + "FROM dr_notice WHERE kind = 'DELETION_REQUEST' AND status = 'QUEUED' ORDER BY id LIMIT "
                        + Math.min(11_000, rows) + ")");
                bounces(Math.min(10_000, rows));
            } else if ("soak".equals(System.getenv("BENCH_ONLY"))) {
                soak(2 * rows);
            } else {
                evidenceUploads(campaign, rows >= 100_000 ? 64 : 16);
                attestations(campaign, Math.min(50_000, rows));
            }
            print();
            return;
        }

        // 1. Baselines: PostgreSQL's own COPY of the same rows, into a bare table and into tables of the
        //    import's shape (the case and event tables with every index they have), in one transaction.
        double copyRate = bareCopy(csv, rows);
        double shapedRate = shapedCopy(work, rows);

        // 2. Import over HTTP into a new campaign.
        String campaign = createCampaign();
        long t0 = System.nanoTime();
        HttpResponse<String> imported = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/campaigns/" + campaign + "/developers"))
                .header("Authorization", auth).header("Content-Type", "text/csv")
                .timeout(java.time.Duration.ofMinutes(30))
                .POST(HttpRequest.BodyPublishers.ofFile(csv)).build(), HttpResponse.BodyHandlers.ofString());
        double importSeconds = seconds(t0);
        check(imported, 200);
        double importRate = rows / importSeconds;
        row("Import over HTTP (CSV, all or nothing)", String.format(Locale.ROOT, "%,.0f rows/s (%.1f s)", importRate, importSeconds),
                String.format(Locale.ROOT, "%.2f of bare COPY (target >= 0.25), %.2f of same-shape COPY",
                        importRate / copyRate, importRate / shapedRate));
        if ("import".equals(System.getenv("BENCH_ONLY"))) {
            print();
            return;
        }
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

        search(campaign);

        // 5. Summary, then integrity.
        summary(campaign, ids);

        checkpointAndIntegrity(campaign);

        accessRecords(campaign, rows, work);

        if (System.getenv("BENCH_SKIP_SWEEP") == null) {
            sweepAndDelivery(campaign, rows);
        }
        evidencePack(campaign, work);
        print();
    }

    /**
     * The campaign's evidence pack without certificates, streamed to a file, then checked by the
     * {@code Verify.java} it carries in a JVM of its own; the certificates are measured on their own, as
     * the difference between a 10,000-case campaign's pack with and without them.
     */
    static void evidencePack(String campaign, Path work) throws Exception {
        Path pack = work.resolve("evidence-pack.zip").toAbsolutePath();
        long cases = Long.parseLong(psql("SELECT count(*) FROM dr_case WHERE campaign_id = '" + campaign + "'").trim());
        // The fair limit: PostgreSQL writing the same events out as text, through the same kind of pipe.
        Path copied = work.resolve("events-copy.txt").toAbsolutePath();
        long c0 = System.nanoTime();
        Process copy = new ProcessBuilder("psql", psqlUrl, "-v", "ON_ERROR_STOP=1", "-qAt", "-c",
                "COPY (SELECT * FROM dr_case_event WHERE campaign_id = '" + campaign + "' ORDER BY case_id, seq) TO STDOUT")
                .redirectOutput(copied.toFile()).redirectErrorStream(false).start();
        if (copy.waitFor() != 0) {
            throw new IllegalStateException("COPY of the events failed");
        }
        double copySeconds = seconds(c0);
        double copyMb = Files.size(copied) / 1e6;
        Files.delete(copied);
        double seconds = packSeconds(campaign, "false", pack);
        double packMb = Files.size(pack) / 1e6;
        // COPY's text is not compressed: the pack is compared by the bytes of its files (as its manifest
        // lists them), so deflating them better never makes it look slower. The ZIP's own rate is beside it.
        long content = 0;
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(pack.toFile())) {
            content = zip.stream().mapToLong(java.util.zip.ZipEntry::getSize).sum();
        }
        double contentMb = content / 1e6;
        double copyRate = copyMb / copySeconds;
        row("COPY (SELECT … FROM dr_case_event) TO STDOUT, the same events", String.format(Locale.ROOT,
                "%.1f MB/s (%.0f MB in %.1f s)", copyRate, copyMb, copySeconds), "baseline");
        row("Evidence pack, certificates=false", String.format(Locale.ROOT, "%.1f MB/s of files (%,d cases, %,.0f MB "
                + "of files, a %,.0f MB ZIP, in %.1f s)", contentMb / seconds, cases, contentMb, packMb, seconds),
                String.format(Locale.ROOT, "%.2f of COPY (target >= 0.3; by the ZIP's bytes %.2f); streamed, 512 MiB "
                        + "heap", (contentMb / seconds) / copyRate, (packMb / seconds) / copyRate));
        Path source = work.resolve("Verify.java");
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(pack.toFile())) {
            Files.write(source, zip.getInputStream(zip.getEntry("verify/Verify.java")).readAllBytes());
        }
        Process verify = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), source.toString(),
                pack.toString()).redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (verify.waitFor() != 0) {
            throw new IllegalStateException("Verify.java failed: " + output);
        }
        Matcher rate = Pattern.compile("events +([0-9]+) .*\\(([0-9.]+) s, ([0-9]+) events/s\\)").matcher(output);
        if (!rate.find()) {
            throw new IllegalStateException("no events rate in: " + output);
        }
        row("Verify.java on the pack", String.format(Locale.ROOT, "%,d events/s (%,d in %s s)",
                Long.parseLong(rate.group(3)), Long.parseLong(rate.group(1)), rate.group(2)), "target >= 200,000 events/s");

        int certified = 10_000;
        Path csv = work.resolve("certificates-" + certified + ".csv");
        if (!Files.exists(csv)) {
            generate(csv, certified);
        }
        HttpResponse<String> created = post("/api/v1/campaigns", "{\"title\":\"Benchmark certificates\","
                + "\"dataCategories\":[\"group member names\"]}");
        check(created, 201);
        String small = field(created.body(), "id");
        check(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/campaigns/" + small + "/developers"))
                .header("Authorization", auth).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(csv)).build(), HttpResponse.BodyHandlers.ofString()), 200);
        Path smallPack = work.resolve("evidence-pack-" + certified + ".zip");
        double without = packSeconds(small, "false", smallPack);
        double with = packSeconds(small, "true", smallPack);
        row("Evidence pack certificates (PDF)", String.format(Locale.ROOT, "%.1f s per %,d cases (%,.0f /s)",
                with - without, certified, certified / (with - without)), String.format(Locale.ROOT,
                "pack of %,d cases: %.1f s with, %.1f s without", certified, with, without));
    }

    static double packSeconds(String campaign, String certificates, Path into) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<Path> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/campaigns/" + campaign
                + "/evidence-pack?certificates=" + certificates)).header("Authorization", auth).GET().build(),
                HttpResponse.BodyHandlers.ofFile(into, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("evidence pack: HTTP " + r.statusCode());
        }
        return seconds(t0);
    }

    /**
     * Launch of the imported campaign until every case is DELETION_REQUESTED with both notices queued;
     * a campaign whose reminders fall due together; then the sender's delivery rate into a fresh SMTP
     * sink beside a plain JavaMail client pushing the same mails into another fresh sink.
     */
    static void sweepAndDelivery(String campaign, int rows) throws Exception {
        long t0 = System.nanoTime();
        check(post("/api/v1/campaigns/" + campaign + "/launch", ""), 200);
        // Polled on the service's own counter: a summary over a million cases is a query the sweep would share
        // the two cores with.
        waitFor(Duration.ofMinutes(30), () -> metric(metrics().body(), "datarecall_sweep_cases_total",
                "REQUEST") >= rows);
        double launchSeconds = seconds(t0);
        String summary = get("/api/v1/campaigns/" + campaign + "/summary").body();
        if (Long.parseLong(field(summary, "DELETION_REQUESTED")) != rows
                || Long.parseLong(field(summary, "QUEUED")) != 2L * rows) {
            throw new IllegalStateException("after launch: " + summary);
        }
        row("Launch until all DELETION_REQUESTED, 2 notices queued each", String.format(Locale.ROOT,
                "%,.0f cases/s (%.1f s)", rows / launchSeconds, launchSeconds), "wall time, sweep every 1 s");
        String metrics = metrics().body();
        for (String stage : List.of("NOTIFY", "REQUEST")) {
            row("  sweep stage " + stage, stageRate(metrics, stage), "target >= 10,000 cases/s");
        }

        reminders(rows);

        delivery(Math.min(20_000, rows));
        webhooks(Math.min(20_000, rows));
        bounces(Math.min(10_000, rows));
        evidenceUploads(campaign, rows >= 100_000 ? 64 : 16);
        attestations(campaign, Math.min(50_000, rows));
        staffPages(campaign, rows);
    }

    /** A campaign whose one reminder falls due for every case at about the same time; the REMIND stage's rate. */
    static void reminders(int rows) throws Exception {
        int reminded = Math.min(100_000, rows);
        Path csv = Path.of(System.getProperty("bench.work", "bench/work")).resolve("reminders-" + reminded + ".csv");
        if (!Files.exists(csv)) {
            generate(csv, reminded);
        }
        String body = "{\"title\":\"Benchmark reminders\",\"dataCategories\":[\"group member names\"],"
                + "\"policy\":{\"attestationWindow\":\"PT90S\",\"reminderOffsets\":[\"-PT60S\"],"
                + "\"escalateAfter\":\"P1D\"}}";
        HttpResponse<String> created = post("/api/v1/campaigns", body);
        check(created, 201);
        String remindCampaign = field(created.body(), "id");
        check(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/campaigns/" + remindCampaign + "/developers"))
                .header("Authorization", auth).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(csv)).build(), HttpResponse.BodyHandlers.ofString()), 200);
        check(post("/api/v1/campaigns/" + remindCampaign + "/launch", ""), 200);
        waitFor(Duration.ofMinutes(20), () -> Long.parseLong(psql("SELECT count(*) FROM dr_notice WHERE kind = "
                + "'REMINDER' AND campaign_id = '" + remindCampaign + "'").trim()) == reminded);
        String metrics = metrics().body();
        row("Sweep: due reminders processed", stageRate(metrics, "REMIND"),
                String.format(Locale.ROOT, "%,d reminders; target >= 10,000 cases/s", reminded));
        bulkExtend(remindCampaign, reminded, metric(metrics, "datarecall_sweep_cases_total", "REMIND")
                / metric(metrics, "datarecall_sweep_duration_seconds_sum", "REMIND"));
    }

    /**
     * A bulk extend of every case of the reminders' campaign, from the request until its job is SUCCEEDED,
     * beside the sweep's REMIND stage over the same cases in the same run: both lock a batch of cases,
     * plan each through the state machine and write an event and a mail per case.
     */
    static void bulkExtend(String campaign, int cases, double remindRate) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> started = post("/api/v1/campaigns/" + campaign + "/bulk-actions", "{\"action\":\"extend\","
                + "\"body\":{\"extension\":\"P7D\",\"reason\":\"benchmark\"},"
                + "\"filter\":{\"state\":\"DELETION_REQUESTED\"}}");
        check(started, 202);
        String job = field(started.body(), "id");
        waitFor(Duration.ofMinutes(30), () -> {
            String state = field(get("/api/v1/jobs/" + job).body(), "state");
            if ("FAILED".equals(state)) {
                throw new IllegalStateException("bulk job failed: " + get("/api/v1/jobs/" + job).body());
            }
            return "SUCCEEDED".equals(state);
        });
        double seconds = seconds(t0);
        String done = get("/api/v1/jobs/" + job).body();
        if (Long.parseLong(field(done, "changed")) != cases) {
            throw new IllegalStateException("bulk extend changed fewer cases than " + cases + ": " + done);
        }
        double rate = cases / seconds;
        row("Bulk extend over a filter (a job, request to SUCCEEDED)", String.format(Locale.ROOT,
                "%,.0f cases/s (%,d in %.1f s)", rate, cases, seconds), String.format(Locale.ROOT,
                "%.2f of the sweep's REMIND stage, %,.0f cases/s, on the same cases (target >= 0.4)", rate / remindRate,
                remindRate));
    }

    /** {@code name=value} of the cookie an answer sets under this name, with or without the __Host- prefix. */
    static java.util.Optional<String> setCookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("set-cookie").stream()
                .filter(c -> c.startsWith(name + "=") || c.startsWith("__Host-" + name + "="))
                .map(c -> c.indexOf(';') < 0 ? c : c.substring(0, c.indexOf(';'))).findFirst();
    }

    /**
     * The staff pages, signed in through the form: the overview, a filtered case page from random points
     * of the keyset, and case pages of random cases (with their timelines, mail and attestations).
     */
    static void staffPages(String campaign, int rows) throws Exception {
        String session = signIn();
        List<String> ids = Arrays.asList(psql("SELECT id FROM dr_case WHERE campaign_id = '" + campaign
                + "' ORDER BY random() LIMIT 1000").trim().split("\n"));
        int n = Math.max(100, Math.min(1000, rows / 20));
        page(session, "/dashboard"); // the first view counts every campaign once; later views read the counts
        // Each round of pages in turns with a read of one random case by its key.
        double[] byKey = new double[n];
        int[] round = { 0 };
        List<double[]> pages = pageRounds(session, campaign, "DELETION_REQUESTED", ids, rows, n, () -> {
            long k = System.nanoTime();
            check(get("/api/v1/cases/" + ids.get(RANDOM.nextInt(ids.size())).trim()), 200);
            byKey[round[0]++] = millis(k);
            return false;
        });
        double[] overview = pages.get(0);
        row("A case by its key (GET /cases/{id}), in turns with the staff pages", percentiles(byKey), "baseline");
        row("Staff page: campaigns overview", percentiles(overview), String.format(Locale.ROOT,
                "p99 %.1f x the read by key (target <= 2); p99 target <= 50 ms", p99(overview) / p99(byKey)));
        row("Staff page: a campaign's cases, filtered", percentiles(pages.get(1)), "p99 target <= 50 ms");
        row("Staff page: a case", percentiles(pages.get(2)), "p99 target <= 50 ms");
    }

    /** Signs in through the form, as a browser does; answers the session cookie ({@code name=value}). */
    static String signIn() throws Exception {
        // As a browser signs in: the sign-in page first, whose CSRF token goes back as the cookie and in the
        // form's address.
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        // The packaged service runs as in production: its staff cookies are __Host- cookies (the benchmark keeps
        // its cookies by hand, so plain HTTP on the loopback does not stop it from sending them back).
        String csrfCookie = setCookie(form, "datarecall-csrf")
                .orElseThrow(() -> new IllegalStateException("no CSRF cookie from the sign-in page"));
        String csrf = csrfCookie.substring(csrfCookie.indexOf('=') + 1);
        HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(base + "/j_security_check?csrf=" + csrf))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", csrfCookie)
                .POST(HttpRequest.BodyPublishers.ofString("j_username=bench&j_password=bench")).build(),
                HttpResponse.BodyHandlers.ofString());
        return setCookie(signIn, "datarecall-session")
                .orElseThrow(() -> new IllegalStateException("no session after sign-in: " + signIn.statusCode()));
    }

    /**
     * A bulk action over every case of a campaign (a note each: allowed in every state, an event per case),
     * run as a job, while one staff member reads the pages in a loop: the job's rate from the request to
     * SUCCEEDED, the preview (how many cases would change) and the pages' p99 while the job runs, beside the
     * same pages read just before it started.
     */
    static void bulkOverEveryCase(String campaign, int rows) throws Exception {
        String session = signIn();
        List<String> ids = Arrays.asList(psql("SELECT id FROM dr_case WHERE campaign_id = '" + campaign
                + "' ORDER BY random() LIMIT 1000").trim().split("\n"));
        String request = "{\"action\":\"add-note\",\"body\":{\"text\":\"Yearly review: contact checked.\"},"
                + "\"filter\":{}}";
        long p0 = System.nanoTime();
        HttpResponse<String> preview = post("/api/v1/campaigns/" + campaign + "/bulk-actions/preview", request);
        double previewMs = millis(p0);
        check(preview, 200);
        if (Long.parseLong(field(preview.body(), "allowed")) != rows) {
            throw new IllegalStateException("the preview does not allow every case: " + preview.body());
        }
        // The statistics and visibility map a campaign this size has once autovacuum has seen it, as it has
        // long before anyone acts on all of it; right after the import the pages would measure the vacuum.
        psql("VACUUM (ANALYZE) dr_case");
        psql("VACUUM (ANALYZE) dr_case_event");
        page(session, "/dashboard");
        List<double[]> idle = pageRounds(session, campaign, "PENDING", ids, rows, 300, () -> false);
        long t0 = System.nanoTime();
        HttpResponse<String> started = post("/api/v1/campaigns/" + campaign + "/bulk-actions", request);
        double startMs = millis(t0);
        check(started, 202);
        String job = field(started.body(), "id");
        boolean[] finished = { false };
        List<double[]> busy = pageRounds(session, campaign, "PENDING", ids, rows, Integer.MAX_VALUE, () -> {
            String state = field(get("/api/v1/jobs/" + job).body(), "state");
            if ("FAILED".equals(state)) {
                throw new IllegalStateException("bulk job failed: " + get("/api/v1/jobs/" + job).body());
            }
            finished[0] = "SUCCEEDED".equals(state);
            return finished[0];
        });
        double seconds = seconds(t0);
        String done = get("/api/v1/jobs/" + job).body();
        if (Long.parseLong(field(done, "changed")) != rows) {
            throw new IllegalStateException("the bulk note changed fewer cases than " + rows + ": " + done);
        }
        row("Bulk note over every case (a job, request to SUCCEEDED)", String.format(Locale.ROOT,
                "%,.0f cases/s (%,d in %.1f s); the request answered in %.0f ms, its preview in %.0f ms",
                rows / seconds, rows, seconds, startMs, previewMs), "an event per case");
        String[] names = { "campaigns overview", "a campaign's cases, filtered", "a case" };
        for (int i = 0; i < names.length; i++) {
            row("Staff page while the bulk job runs: " + names[i], percentiles(busy.get(i)), String.format(Locale.ROOT,
                    "before the job: %s; p99 %.1f x; p99 target <= 50 ms", percentiles(idle.get(i)),
                    p99(busy.get(i)) / p99(idle.get(i))));
        }
    }

    /**
     * Rounds of the three staff pages (overview, a page of the campaign's cases in {@code state} and STANDARD
     * risk from a random keyset point, a random case), up to {@code rounds} or until {@code afterEach} says
     * to stop (asked after each round); answers their times.
     */
    static List<double[]> pageRounds(String session, String campaign, String state, List<String> ids, int rows,
            int rounds, java.util.concurrent.Callable<Boolean> afterEach) throws Exception {
        List<Double> overview = new ArrayList<>();
        List<Double> list = new ArrayList<>();
        List<Double> detail = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            long s = System.nanoTime();
            page(session, "/dashboard");
            overview.add(millis(s));
            String after = String.format(Locale.ROOT, "dev-%08d", RANDOM.nextInt(rows));
            String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(after.getBytes(StandardCharsets.UTF_8));
            s = System.nanoTime();
            page(session, "/dashboard/campaigns/" + campaign + "?state=" + state + "&riskTier=STANDARD&cursor=" + cursor);
            list.add(millis(s));
            s = System.nanoTime();
            page(session, "/dashboard/cases/" + ids.get(RANDOM.nextInt(ids.size())).trim());
            detail.add(millis(s));
            if (afterEach.call()) {
                break;
            }
        }
        return List.of(overview.stream().mapToDouble(Double::doubleValue).toArray(),
                list.stream().mapToDouble(Double::doubleValue).toArray(),
                detail.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static void page(String session, String path) throws Exception {
        check(http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", session).GET().build(),
                HttpResponse.BodyHandlers.ofString()), 200);
    }

    /**
     * Attestations over HTTP from many clients on distinct cases, beside pgbench running a transaction of
     * the same shape (one ~1 KB insert and one update by primary key) against the same server.
     */
    static void attestations(String campaign, int count) throws Exception {
        // The links of cases that wait for an attestation; each token is derived as the service derives it.
        List<String> links = psql("SELECT t.id || '|' || t.case_id || '|' || encode(t.nonce, 'hex') || '|' || t.key_id FROM dr_token t JOIN dr_case c ON c.id = t.case_id "
                + "WHERE c.campaign_id = '" + campaign + "' AND c.state = 'DELETION_REQUESTED' AND t.superseded_at IS NULL "
                + "LIMIT " + count).lines().filter(l -> !l.isBlank()).toList();
        signatoryCodes(links.stream().map(l -> l.split("\\|")[1].trim()).toList());
        // Two small files per case, stored as an upload stores them (the uploads are measured on their own);
        // BENCH_EVIDENCE_FILES=0 submits without files, to see what attaching them costs.
        List<String> evidence = "0".equals(System.getenv("BENCH_EVIDENCE_FILES"))
                ? java.util.Collections.nCopies(links.size(), "") : evidenceFiles(links);
        List<String> tokens = links.stream().map(Benchmark::linkToken).toList();
        String deletedAt = java.time.Instant.now().minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString();
        String body = "{\"kind\":\"DELETED\",\"signatoryName\":\"Ada Lovelace\",\"signatoryTitle\":\"Data Protection "
                + "Officer\",\"signatoryEmail\":\"dpo@developer.example\",\"dataCategories\":[\"group member names\","
                + "\"profile pictures\"],\"deletedAt\":\"" + deletedAt + "\",\"method\":\"PURGE\",\"systems\":"
                + "[\"Main PostgreSQL database\",\"Analytics warehouse\",\"Nightly backups (30 days)\"],"
                + "\"backupsCovered\":true,\"sharedWithThirdParties\":false,\"verification\":\"" + "Queried every "
                + "table and bucket for the affected member ids after the purge; no rows or objects remain. ".repeat(4)
                + "\",\"statement\":\"All copies were purged, backups included.\",\"agreed\":true,\"signatoryCode\":\""
                + SIGNATORY_CODE + "\",\"authority\":\"Data Protection Officer, mandated by the board.\","
                + "\"evidence\":[EVIDENCE]}";
        List<byte[]> bodies = evidence.stream().map(ids -> body.replace("EVIDENCE", ids)
                .getBytes(StandardCharsets.UTF_8)).toList();
        int clients = 16;
        // The first cases warm the endpoint up: a service runs for days, and its first seconds, while the JIT
        // compilers still take a good part of the two cores, are not its speed. 20,000 are measured, or four
        // fifths when there are fewer than 25,000 cases.
        int warmUp = tokens.size() - Math.min(20_000, tokens.size() * 4 / 5);
        submitAttestations(tokens.subList(0, warmUp), bodies.subList(0, warmUp), clients);
        // pgbench runs right before and right after the measured submissions: on a shared machine its rate
        // drifts by a third within minutes, and the mean of the two is the fairer baseline.
        double pgbenchBefore = pgbench(clients);
        // ...and a pause lets the compilers finish what the warm-up queued, as they would in a long run.
        Thread.sleep(Duration.ofSeconds(10));
        List<String> measured = tokens.subList(warmUp, tokens.size());
        long t0 = System.nanoTime();
        double[] latencies = submitAttestations(measured, bodies.subList(warmUp, tokens.size()), clients);
        double httpSeconds = seconds(t0);
        double httpRate = measured.size() / httpSeconds;
        double pgbenchAfter = pgbench(clients);
        double pgbenchRate = (pgbenchBefore + pgbenchAfter) / 2;
        row("pgbench: 1 KB insert + update by key (16 clients)", String.format(Locale.ROOT,
                "%,.0f tx/s (%,.0f before, %,.0f after)", pgbenchRate, pgbenchBefore, pgbenchAfter), "baseline");
        row("Attestations with two files and a code over HTTP (16 clients, after " + String.format(Locale.ROOT, "%,d", warmUp) + " to warm up)",
                String.format(Locale.ROOT, "%,.0f /s (%,d in %.1f s); %s", httpRate, measured.size(), httpSeconds,
                        percentiles(latencies)),
                String.format(Locale.ROOT, "%.2f of pgbench (target >= 0.3), p99 target <= 50 ms", httpRate / pgbenchRate));
    }

    /** The code every benchmark case's signatory "received": the measure is attestations, not mail. */
    static final String SIGNATORY_CODE = "424242";

    /**
     * Gives each case a signatory code as the service stores one (SignatoryCodes: HMAC-SHA-256 under a key
     * derived from the token secret, over case id, address and code), written by COPY instead of mailed.
     */
    /**
     * Two small text files for each link's case ({@code linkId|caseId}), written with COPY as an upload
     * writes them (file row, one chunk, digest); answers each case's ids as a JSON list body.
     */
    static List<String> evidenceFiles(List<String> links) throws Exception {
        StringBuilder files = new StringBuilder("COPY dr_evidence (id, case_id, link_id, filename, content_type, size, "
                + "sha256, uploaded_at) FROM stdin;\n");
        StringBuilder chunks = new StringBuilder("COPY dr_evidence_chunk (evidence_id, n, bytes) FROM stdin;\n");
        String now = java.time.Instant.now().toString();
        List<String> ids = new ArrayList<>();
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        for (String link : links) {
            String linkId = link.split("\\|")[0].trim();
            String caseId = link.split("\\|")[1].trim();
            List<String> pair = new ArrayList<>();
            for (int f = 1; f <= 2; f++) {
                String id = java.util.UUID.randomUUID().toString();
                byte[] content = ("deletion log " + f + " of case " + caseId + ": 1,204 rows purged\n")
                        .getBytes(StandardCharsets.UTF_8);
                files.append(id).append('\t').append(caseId).append('\t').append(linkId).append("\tdeletion-log-")
                        .append(f).append(".txt\ttext/plain\t").append(content.length).append('\t')
                        .append(java.util.HexFormat.of().formatHex(sha.digest(content))).append('\t').append(now)
                        .append('\n');
                chunks.append(id).append("\t0\t\\\\x").append(java.util.HexFormat.of().formatHex(content)).append('\n');
                pair.add("\"" + id + "\"");
            }
            ids.add(String.join(",", pair));
        }
        files.append("\\.\n");
        chunks.append("\\.\n");
        Path script = Path.of(System.getProperty("bench.work", "bench/work")).resolve("evidence-files.sql");
        Files.writeString(script, "BEGIN;\n" + files + chunks + "COMMIT;\n");
        psqlFile(script);
        return ids;
    }

    /**
     * Evidence uploads: 25 MiB files, 16 at a time over HTTP, beside a binary COPY FROM STDIN of the same
     * bytes in the same 1 MiB chunks into a table of the chunks' shape (16 connections, one file per
     * transaction); the service's heap is sampled while the uploads run.
     */
    static void evidenceUploads(String campaign, int files) throws Exception {
        int size = 25 * 1024 * 1024;
        byte[] pdf = new byte[size];
        new Random(7).nextBytes(pdf);
        System.arraycopy("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 0, pdf, 0, 9);
        List<String> links = psql("SELECT t.id || '|' || t.case_id || '|' || encode(t.nonce, 'hex') || '|' || t.key_id FROM dr_token t JOIN dr_case c ON c.id = t.case_id "
                + "WHERE c.campaign_id = '" + campaign + "' AND c.state = 'DELETION_REQUESTED' AND t.superseded_at IS NULL "
                + "ORDER BY c.id DESC LIMIT " + files).lines().filter(l -> !l.isBlank()).toList();
        List<String> tokens = links.stream().map(Benchmark::linkToken).toList();
        if (tokens.size() < files) {
            throw new IllegalStateException("only " + tokens.size() + " cases wait for files");
        }
        int clients = 16;
        // The baseline: the same bytes, the same chunks, the same table shape (key and checks), by COPY.
        psql("DROP TABLE IF EXISTS bench_chunk; CREATE TABLE bench_chunk (LIKE dr_evidence_chunk INCLUDING ALL)");
        String jdbcUrl = System.getProperty("bench.jdbc");
        long t0 = System.nanoTime();
        inParallel(tokens.size(), clients, i -> {
            try (java.sql.Connection con = java.sql.DriverManager.getConnection(jdbcUrl, "datarecall", "datarecall")) {
                con.setAutoCommit(false);
                var copy = con.unwrap(org.postgresql.PGConnection.class).getCopyAPI()
                        .copyIn("COPY bench_chunk (evidence_id, n, bytes) FROM STDIN (FORMAT binary)");
                java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(19);
                header.put("PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1)).putInt(0).putInt(0);
                copy.writeToCopy(header.array(), 0, 19);
                java.util.UUID id = java.util.UUID.randomUUID();
                for (int n = 0, off = 0; off < size; n++, off += 1024 * 1024) {
                    int len = Math.min(1024 * 1024, size - off);
                    java.nio.ByteBuffer tuple = java.nio.ByteBuffer.allocate(2 + 4 + 16 + 4 + 4 + 4);
                    tuple.putShort((short) 3).putInt(16).putLong(id.getMostSignificantBits())
                            .putLong(id.getLeastSignificantBits()).putInt(4).putInt(n).putInt(len);
                    copy.writeToCopy(tuple.array(), 0, tuple.capacity());
                    copy.writeToCopy(pdf, off, len);
                }
                copy.writeToCopy(new byte[] {(byte) 0xff, (byte) 0xff}, 0, 2);
                copy.endCopy();
                con.commit();
            }
        });
        double copySeconds = seconds(t0);
        psql("DROP TABLE bench_chunk");
        double mib = (double) size * tokens.size() / (1024 * 1024);
        row("COPY FROM STDIN of the same bytes in 1 MiB chunks (16 connections)", String.format(Locale.ROOT,
                "%,.0f MiB/s (%,.0f MiB in %.1f s)", mib / copySeconds, mib, copySeconds), "baseline");

        double heapBefore = heapUsed();
        double[] heapMax = {heapBefore};
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (running.get()) {
                try {
                    heapMax[0] = Math.max(heapMax[0], heapUsed());
                    Thread.sleep(200);
                } catch (Exception e) {
                    return;
                }
            }
        });
        t0 = System.nanoTime();
        inParallel(tokens.size(), clients, i -> check(http.send(HttpRequest.newBuilder(URI.create(base
                + "/api/v1/portal/evidence")).header("Authorization", "Bearer " + tokens.get(i))
                .header("Content-Type", "application/pdf").header("X-Filename", "deletion-report-" + i + ".pdf")
                .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.ofByteArray(pdf)).build(),
                HttpResponse.BodyHandlers.ofString()), 201));
        double uploadSeconds = seconds(t0);
        running.set(false);
        sampler.join();
        row("Evidence uploads over HTTP (25 MiB PDFs, 16 at a time)", String.format(Locale.ROOT,
                "%,.0f MiB/s (%,d files in %.1f s)", mib / uploadSeconds, tokens.size(), uploadSeconds),
                String.format(Locale.ROOT, "%.2f of COPY (target >= 0.5); heap %,.0f MiB before, at most %,.0f MiB "
                        + "during (512 MiB max)", copySeconds / uploadSeconds, heapBefore / 1048576, heapMax[0] / 1048576));
    }

    interface Task {
        void run(int i) throws Exception;
    }

    /** Runs tasks 0..n-1 on {@code threads} threads; the first failure is thrown. */
    static void inParallel(int n, int threads, Task task) throws Exception {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < n; ) {
                    task.run(i);
                }
                return null;
            }));
        }
        try {
            for (java.util.concurrent.Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** The service's heap in use, summed over its pools, from its metrics. */
    static double heapUsed() throws Exception {
        Matcher m = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} ([0-9.eE+-]+)$")
                .matcher(metrics().body());
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    static void signatoryCodes(List<String> caseIds) throws Exception {
        javax.crypto.Mac derive = javax.crypto.Mac.getInstance("HmacSHA256");
        derive.init(new javax.crypto.spec.SecretKeySpec("benchmark-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8),
                "HmacSHA256"));
        byte[] key = derive.doFinal("signatory-code".getBytes(StandardCharsets.UTF_8));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
        String now = java.time.Instant.now().toString();
        String until = java.time.Instant.now().plus(Duration.ofHours(2)).toString();
        StringBuilder copy = new StringBuilder("COPY dr_signatory_code (case_id, id, email, code_hmac, issued_at, "
                + "expires_at) FROM stdin;\n");
        for (String caseId : caseIds) {
            byte[] hmac = mac.doFinal((caseId + "\ndpo@developer.example\n" + SIGNATORY_CODE)
                    .getBytes(StandardCharsets.UTF_8));
            copy.append(caseId).append('\t').append(java.util.UUID.randomUUID()).append("\tdpo@developer.example\t\\\\x")
                    .append(java.util.HexFormat.of().formatHex(hmac)).append('\t').append(now).append('\t')
                    .append(until).append('\n');
        }
        copy.append("\\.\n");
        Path script = Path.of(System.getProperty("bench.work", "bench/work")).resolve("signatory-codes.sql");
        Files.writeString(script, copy);
        psqlFile(script);
    }

    /** pgbench for 15 s with a transaction of the attestation's shape: one insert of ~1 KB, one update by key. */
    static double pgbench(int clients) throws Exception {
        psql("DROP TABLE IF EXISTS bench_att, bench_row; CREATE TABLE bench_row (id int PRIMARY KEY, version int NOT NULL);"
                + "INSERT INTO bench_row SELECT g, 0 FROM generate_series(1, 100000) g;"
                + "CREATE TABLE bench_att (id uuid PRIMARY KEY, row_id int NOT NULL, body text NOT NULL)");
        Path script = Path.of(System.getProperty("bench.work", "bench/work")).resolve("attestation.pgbench");
        Files.writeString(script, """
                \\set id random(1, 100000)
                BEGIN;
                INSERT INTO bench_att VALUES (gen_random_uuid(), :id, repeat('x', 1000));
                UPDATE bench_row SET version = version + 1 WHERE id = :id;
                END;
                """);
        Process p = new ProcessBuilder("/usr/lib/postgresql/15/bin/pgbench", "-n", "-c", Integer.toString(clients),
                "-j", "2", "-T", "15", "-f", script.toAbsolutePath().toString(), psqlUrl).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("pgbench failed: " + out);
        }
        Matcher tps = Pattern.compile("tps = ([0-9.]+)").matcher(out);
        if (!tps.find()) {
            throw new IllegalStateException("no tps in: " + out);
        }
        return Double.parseDouble(tps.group(1));
    }

    /**
     * Submits one attestation per token from that many clients at once; answers each one's latency.
     * Each client is one keep-alive connection writing prepared request bytes, as lean as pgbench's
     * own client: the load generator shares the two cores with the service and the database.
     */
    static double[] submitAttestations(List<String> tokens, List<byte[]> bodies, int clients) throws Exception {
        URI uri = URI.create(base);
        double[] latencies = new double[tokens.size()];
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                try (KeepAliveClient client = new KeepAliveClient(uri.getHost(), uri.getPort())) {
                    for (int i; (i = next.getAndIncrement()) < tokens.size(); ) {
                        byte[] json = bodies.get(i);
                        String head = "POST /api/v1/portal/attestation HTTP/1.1\r\nHost: " + uri.getAuthority()
                                + "\r\nAuthorization: Bearer " + tokens.get(i) + "\r\nContent-Type: application/json"
                                + "\r\nUser-Agent: data-recall-benchmark\r\nContent-Length: " + json.length + "\r\n\r\n";
                        long s = System.nanoTime();
                        int status = client.post(head.getBytes(StandardCharsets.US_ASCII), json);
                        latencies[i] = millis(s);
                        if (status != 201) {
                            throw new IllegalStateException("attestation answered " + status);
                        }
                    }
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();
        return latencies;
    }

    /** One HTTP/1.1 connection kept alive: writes a request, reads the status and the body by its length. */
    static final class KeepAliveClient implements AutoCloseable {
        private final java.net.Socket socket;
        private final java.io.BufferedInputStream in;
        private final java.io.OutputStream out;

        KeepAliveClient(String host, int port) throws IOException {
            socket = new java.net.Socket(host, port);
            socket.setTcpNoDelay(true);
            in = new java.io.BufferedInputStream(socket.getInputStream(), 16384);
            out = new java.io.BufferedOutputStream(socket.getOutputStream(), 16384);
        }

        int post(byte[] head, byte[] body) throws IOException {
            out.write(head);
            out.write(body);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String header; !(header = line()).isEmpty(); ) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                for (long size; (size = Long.parseLong(line().trim(), 16)) > 0; ) {
                    in.skipNBytes(size);
                    line();
                }
                line();
            } else if (length > 0) {
                in.skipNBytes(length);
            }
            return status;
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    throw new IOException("the connection closed");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * Mail delivery: the same mails through a plain Jakarta Mail client (4 connections) into a fresh sink and
     * through a second instance of the service (claim, send, mark; 4 sends) into a sink of its own, in turns,
     * twice (plain, sender, plain, sender), each round half the mails: the machine's speed drifts within
     * minutes, and turns give both the same drift. Both first send a tenth as many other mails unmeasured
     * (the sender is a fresh JVM). The sender's rounds run from the first mail's arrival (its 1 s poll is
     * not its sending rate; the figure from the release is printed beside it).
     */
    static void delivery(int count) throws Exception {
        int half = count / 2;
        String round = "SELECT id FROM dr_notice WHERE status = 'QUEUED' AND kind = 'DELETION_REQUEST' "
                + "ORDER BY id LIMIT " + half;
        String sample = psql("SELECT subject || E'\\x1f' || body_text || E'\\x1f' || body_html FROM dr_notice "
                + "WHERE id IN (" + round + ") LIMIT 1");
        String[] parts = sample.split("\u001f", 3);
        int warmUp = Math.max(100, count / 10);
        String warming = "SELECT id FROM dr_notice WHERE status = 'QUEUED' AND kind = 'REVOCATION_NOTICE' "
                + "ORDER BY id LIMIT " + warmUp;
        psql("UPDATE dr_notice SET next_attempt_at = 'infinity' WHERE status = 'QUEUED'");
        SmtpSink sink = new SmtpSink();
        Process sender = startSender(sink);
        Delivered[] plain = new Delivered[2];
        Delivered[] service = new Delivered[2];
        double[] fromRelease = new double[2];
        try {
            release(warming, warmUp, Duration.ofMinutes(20));
            try (SmtpSink warm = new SmtpSink()) {
                plainJavaMail(warm.port(), warmUp, parts[0], parts[1], parts[2]);
            }
            for (int r = 0; r < 2; r++) {
                try (SmtpSink plainSink = new SmtpSink()) {
                    long t0 = System.nanoTime();
                    plainJavaMail(plainSink.port(), half, parts[0], parts[1], parts[2]);
                    plain[r] = new Delivered(half, plainSink, t0);
                    if (plainSink.messages() != half) {
                        throw new IllegalStateException("the plain client delivered " + plainSink.messages() + " mails");
                    }
                }
                Thread.sleep(500);
                sink.reset();
                long released = release(round, half, Duration.ofMinutes(20));
                Thread.sleep(200);
                service[r] = Delivered.fromFirstArrival(half, sink);
                fromRelease[r] = half / new Delivered(half, sink, released).seconds();
                if (service[r].messages() != half || service[r].distinct() != half) {
                    throw new IllegalStateException("the sink received " + service[r].messages() + " mails with "
                            + service[r].distinct() + " distinct Message-IDs, expected " + half);
                }
            }
        } finally {
            sender.destroy();
            sender.waitFor();
            sink.close();
        }
        double plainMean = (plain[0].rate() + plain[1].rate()) / 2;
        double serviceMean = (service[0].rate() + service[1].rate()) / 2;
        row("Plain JavaMail client into a fresh sink (4 threads)", String.format(Locale.ROOT,
                "%,.0f mails/s (rounds %,.0f and %,.0f, %,d mails each)", plainMean, plain[0].rate(), plain[1].rate(),
                half), "baseline");
        row("Outbox sender into a sink (claim, send, mark; 4 sends)", String.format(Locale.ROOT,
                "%,.0f mails/s (rounds %,.0f and %,.0f; %,.0f from release, 1 s poll); 99.9 %% by %.1f s and %.1f s",
                serviceMean, service[0].rate(), service[1].rate(), (fromRelease[0] + fromRelease[1]) / 2,
                service[0].at((int) Math.ceil(half * 0.999)), service[1].at((int) Math.ceil(half * 0.999))),
                String.format(Locale.ROOT, "%.2f of plain JavaMail (target >= 1.0); tail %.2f (target >= 0.9)",
                        serviceMean / plainMean, Math.min(service[0].tail(), service[1].tail())));
    }

    /** A local webhook receiver: counts the POSTs and their distinct delivery ids, and when the first and last came. */
    static final class HookSink implements AutoCloseable {
        final com.sun.net.httpserver.HttpServer server;
        final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
        final java.util.Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final java.util.concurrent.atomic.AtomicLong posts = new java.util.concurrent.atomic.AtomicLong();
        volatile long first;
        volatile long last;

        HookSink() throws IOException {
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 512);
            server.setExecutor(threads);
            server.createContext("/hook", exchange -> {
                exchange.getRequestBody().readAllBytes();
                long now = System.nanoTime();
                if (posts.getAndIncrement() == 0) {
                    first = now;
                }
                last = now;
                ids.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-DataRecall-Delivery")));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        void reset() {
            ids.clear();
            posts.set(0);
        }

        /** Deliveries a second, from the first POST to the last. */
        double rate() {
            return ids.size() / Math.max(1e-9, (last - first) / 1e9);
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    /**
     * Webhook delivery: the same CloudEvents documents into the same local receiver, once by a plain JDK
     * HTTP client (as many requests in flight as the sender has at most: 200, its window) and once by a second instance
     * of the service whose webhook sender claims, signs, POSTs and marks them. Both warm up first on other
     * documents; the rate runs from the first POST to the last (the service's poll interval is not counted).
     */
    static void webhooks(int count) throws Exception {
        // Half as many documents as a round first, unmeasured, by both: the sender is a fresh JVM, and after a
        // tenth its first round still came out a fifth below its second (the JIT compilers at work).
        int warmUp = Math.max(200, count / 2);
        // Documents in three sets: a warm-up, then two measured rounds, each taken in turns by both clients.
        psql("INSERT INTO dr_webhook_delivery (id, subscription, event_id, campaign_id, case_id, event_type, body, "
                + "next_attempt_at, created_at) SELECT gen_random_uuid(), 'bench', CASE WHEN g <= " + warmUp
                + " THEN 'warm-' WHEN g <= " + (warmUp + count) + " THEN 'round1-' ELSE 'round2-' END || g, "
                + "gen_random_uuid(), gen_random_uuid(), 'WITHDRAWN', "
                + "json_build_object('specversion', '1.0', 'id', 'bench-' || g, 'source', '/campaigns/c/cases/' || g, "
                + "'type', 'org.datarecall.case.WITHDRAWN', 'subject', 'case-' || g, 'time', now(), "
                + "'datacontenttype', 'application/json', 'data', json_build_object('seq', 4, 'type', 'WITHDRAWN', "
                + "'fromState', 'DELETION_REQUESTED', 'toState', 'WITHDRAWN', 'actor', 'manager', 'data', "
                + "json_build_object('reason', repeat('sent in error ', 20))))::text, 'infinity', now() "
                + "FROM generate_series(1, " + (warmUp + 2 * count) + ") g");
        List<String> bodies = Arrays.asList(psql("SELECT body FROM dr_webhook_delivery WHERE subscription = 'bench' "
                + "AND event_id LIKE 'round1-%'").trim().split("\n"));
        psql("UPDATE dr_notice SET next_attempt_at = 'infinity' WHERE status = 'QUEUED'");
        HookSink sink = new HookSink();
        int port = freePort();
        int management = freePort();
        List<String> command = secondService(port, management, "-Ddatarecall.outbox.poll-interval=1s",
                "-Ddatarecall.webhooks.bench.url=" + sink.url(), "-Ddatarecall.webhooks.bench.secret=bench-webhook-secret-0123");
        Process sender = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new java.io.File("bench/work/webhook-sender.log")).start();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            awaitReady(management);
            plainRate(client, bodies.subList(0, Math.min(warmUp, bodies.size())));
            psql("UPDATE dr_webhook_delivery SET next_attempt_at = now() WHERE event_id LIKE 'warm-%'");
            waitFor(Duration.ofMinutes(5), () -> sink.ids.size() >= warmUp);
            double[] plain = new double[2];
            double[] service = new double[2];
            double[] wall = new double[2];
            for (int round = 0; round < 2; round++) {
                plain[round] = plainRate(client, bodies);
                Thread.sleep(500);
                sink.reset();
                long released = System.nanoTime();
                psql("UPDATE dr_webhook_delivery SET next_attempt_at = now() WHERE event_id LIKE 'round" + (round + 1)
                        + "-%'");
                waitFor(Duration.ofMinutes(20), () -> sink.ids.size() >= count);
                String releasedSet = "round" + (round + 1) + "-%";
                waitFor(Duration.ofMinutes(1), () -> psql("SELECT count(*) FROM dr_webhook_delivery WHERE "
                        + "subscription = 'bench' AND event_id LIKE '" + releasedSet + "' AND status <> 'SENT'").trim()
                        .equals("0"));
                if (sink.posts.get() != count) {
                    throw new IllegalStateException("the receiver got " + sink.posts.get() + " POSTs for " + count
                            + " deliveries");
                }
                service[round] = sink.rate();
                wall[round] = count / ((sink.last - released) / 1e9);
            }
            double plainMean = (plain[0] + plain[1]) / 2;
            double serviceMean = (service[0] + service[1]) / 2;
            row("Plain JDK HTTP client into a local receiver (200 in flight)", String.format(Locale.ROOT,
                    "%,.0f documents/s (rounds %,.0f and %,.0f)", plainMean, plain[0], plain[1]), "baseline");
            row("Webhook sender into the same receiver (claim, sign, POST, mark)", String.format(Locale.ROOT,
                    "%,.0f documents/s (rounds %,.0f and %,.0f; %,.0f from release, 1 s poll)", serviceMean, service[0],
                    service[1], (wall[0] + wall[1]) / 2), String.format(Locale.ROOT,
                    "%.2f of the plain client (target >= 0.6)", serviceMean / plainMean));
        } finally {
            client.shutdownNow();
            sender.destroy();
            sender.waitFor();
            sink.close();
        }
    }

    /** The plain client's rate over these documents, into a receiver of its own. */
    static double plainRate(HttpClient client, List<String> bodies) throws Exception {
        try (HookSink plainSink = new HookSink()) {
            plainPosts(client, plainSink.url(), bodies);
            if (plainSink.ids.size() != bodies.size()) {
                throw new IllegalStateException("the plain client delivered " + plainSink.ids.size() + " of "
                        + bodies.size() + " documents");
            }
            return plainSink.rate();
        }
    }

    /** Waits until the instance whose management port this is says it is ready. */
    static void awaitReady(int management) throws Exception {
        waitFor(Duration.ofMinutes(2), () -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/q/health/ready"))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** JVM options for the delivering instances ({@code BENCH_SENDER_OPTS}, e.g. a JFR recording). */
    static List<String> senderOptions() {
        String options = System.getenv("BENCH_SENDER_OPTS");
        return options == null || options.isBlank() ? List.of() : Arrays.asList(options.trim().split("\\s+"));
    }

    /** The command of a second instance of the service on the benchmark's database: its sweep off, with these options. */
    static List<String> secondService(int port, int management, String... options) {
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-Xmx512m"));
        command.addAll(senderOptions());
        command.addAll(List.of("-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + management,
                "-Dquarkus.datasource.jdbc.url=" + System.getProperty("bench.jdbc"), "-Ddatarecall.sweep.interval=off",
                "-Ddatarecall.token.secret=benchmark-secret-0123456789abcdef",
                "-Ddatarecall.checkpoint.signing-key=MC4CAQAwBQYDK2VwBCIEIPV9JO0gAbCbJEZcpc2hGwLNCrKGFcXQidoMJgOGSI8x",
                "-Ddatarecall.checkpoint.interval=off", "-Dquarkus.log.level=WARN"));
        command.addAll(Arrays.asList(options));
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        return command;
    }

    /** POSTs each document once, at most 200 in flight (as many as the sender's window), as a plain client would. */
    static void plainPosts(HttpClient client, String url, List<String> bodies) throws Exception {
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(200);
        List<java.util.concurrent.CompletableFuture<?>> all = new ArrayList<>();
        int n = 0;
        for (String body : bodies) {
            inFlight.acquire();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/cloudevents+json; charset=utf-8")
                    .header("X-DataRecall-Delivery", "plain-" + (n++))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            all.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> inFlight.release()));
        }
        java.util.concurrent.CompletableFuture.allOf(all.toArray(java.util.concurrent.CompletableFuture[]::new)).join();
    }

    /**
     * The soak: every queued mail (two per case) through the service's sender, 4 sends at a time,
     * into a local sink; counts lost and doubled mails and stalls (no mail arriving for over 2 s).
     */
    static void soak(int count) throws Exception {
        String released = "SELECT id FROM dr_notice WHERE status = 'QUEUED' ORDER BY id LIMIT " + count;
        Delivered soak = sendThroughService(null, 0, released, count, Duration.ofMinutes(60));
        row("Soak: outbox sender into a local sink (4 sends)", soak.describe(), String.format(Locale.ROOT,
                "lost %d, duplicates %d, stalls %d (longest gap %.2f s); target 0 / 0 / 0", soak.lost(), soak.duplicates(),
                soak.stalls(), soak.longestGapSeconds()));
        if (soak.lost() > 0 || soak.duplicates() > 0 || soak.stalls() > 0) {
            print();
            throw new IllegalStateException("the soak lost, doubled or stalled mail");
        }
    }

    /** What a sink received from one run: arrival times measured from its start. */
    record Delivered(int expected, int messages, int distinct, long[] arrivals, double seconds) {
        /** Timed from the release to the last mail's arrival at the sink. */
        Delivered(int expected, SmtpSink sink, long start) {
            this(expected, sink.messages(), sink.distinctMessageIds(), sink.arrivals(start));
        }

        /** Timed from the first mail's arrival at the sink to the last's (a sender's sending rate, without its poll). */
        static Delivered fromFirstArrival(int expected, SmtpSink sink) {
            long[] absolute = sink.arrivals(0);
            return new Delivered(expected, sink, absolute.length == 0 ? 0 : absolute[0]);
        }

        Delivered(int expected, int messages, int distinct, long[] arrivals) {
            this(expected, messages, distinct, arrivals, arrivals.length == 0 ? 0 : arrivals[arrivals.length - 1] / 1e9);
        }

        double rate() {
            return messages / seconds;
        }

        /** Seconds until the k-th mail arrived (1-based). */
        double at(int k) {
            return arrivals[Math.max(0, Math.min(arrivals.length, k) - 1)] / 1e9;
        }

        /** The mean rate up to the 99.9 % point over the one up to the median: below 1, the last mails came slowly. */
        double tail() {
            int median = expected / 2;
            int most = (int) Math.ceil(expected * 0.999);
            return (most / at(most)) / (median / at(median));
        }

        int lost() {
            return expected - distinct;
        }

        int duplicates() {
            return messages - distinct;
        }

        double longestGapSeconds() {
            long longest = 0;
            for (int i = 1; i < arrivals.length; i++) {
                longest = Math.max(longest, arrivals[i] - arrivals[i - 1]);
            }
            return longest / 1e9;
        }

        int stalls() {
            int stalls = 0;
            for (int i = 1; i < arrivals.length; i++) {
                if (arrivals[i] - arrivals[i - 1] > 2_000_000_000L) {
                    stalls++;
                }
            }
            return stalls;
        }

        String describe() {
            return String.format(Locale.ROOT, "%,.0f mails/s (%,d in %.1f s; half by %.1f s, 99.9 %% by %.1f s)", rate(),
                    messages, seconds, at(expected / 2), at((int) Math.ceil(expected * 0.999)));
        }
    }

    /** A second instance of the service sending into this sink (its sweep off, its sender on), once ready. */
    static Process startSender(SmtpSink sink) throws Exception {
        int port = freePort();
        int management = freePort();
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-Xmx512m"));
        command.addAll(senderOptions());
        command.addAll(List.of("-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + management,
                "-Dquarkus.datasource.jdbc.url=" + System.getProperty("bench.jdbc"),
                "-Dquarkus.mailer.mock=false", "-Dquarkus.mailer.host=127.0.0.1", "-Dquarkus.mailer.port=" + sink.port(),
                "-Dquarkus.mailer.from=recall@platform.example", "-Dquarkus.mailer.start-tls=DISABLED",
                "-Ddatarecall.sweep.interval=off",
                "-Ddatarecall.outbox.poll-interval=1s", "-Ddatarecall.token.secret=benchmark-secret-0123456789abcdef",
                "-Ddatarecall.checkpoint.signing-key=MC4CAQAwBQYDK2VwBCIEIPV9JO0gAbCbJEZcpc2hGwLNCrKGFcXQidoMJgOGSI8x", "-Ddatarecall.checkpoint.interval=off",
                "-Dquarkus.log.level=WARN", "-jar", "target/quarkus-app/quarkus-run.jar"));
        Process sender = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(new java.io.File("bench/work/sender.log")).start();
        awaitReady(management);
        return sender;
    }

    /**
     * Holds every queued mail back, then releases the selected ones to a second instance of the
     * service started for this (its sweep off, its sender on), until all of them are SENT; the
     * warm-up's mails (when given) go first and are not counted.
     */
    static Delivered sendThroughService(String warming, int warmUp, String released, int count, Duration limit)
            throws Exception {
        psql("UPDATE dr_notice SET next_attempt_at = 'infinity' WHERE status = 'QUEUED'");
        SmtpSink sink = new SmtpSink();
        Process sender = startSender(sink);
        try {
            if (warming != null) {
                release(warming, warmUp, limit);
                sink.reset();
            }
            long t0 = release(released, count, limit);
            Thread.sleep(200);
            sink.close();
            Delivered delivered = new Delivered(count, sink, t0);
            if (delivered.messages() != count || delivered.distinct() != count) {
                throw new IllegalStateException("the sink received " + delivered.messages() + " mails with "
                        + delivered.distinct() + " distinct Message-IDs, expected " + count);
            }
            return delivered;
        } finally {
            sender.destroy();
            sender.waitFor();
        }
    }

    /**
     * A local SMTP sink that accepts and counts mail as fast as the loopback allows. GreenMail, which
     * the tests use, answers each SMTP command with a delay of several milliseconds here (about 22
     * mails/s over 4 connections from either client), so it would measure itself, not the clients.
     */
    static final class SmtpSink implements AutoCloseable {
        private final java.net.ServerSocket server = new java.net.ServerSocket(0, 64,
                java.net.InetAddress.getLoopbackAddress());
        private final java.util.concurrent.atomic.AtomicInteger messages = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.Set<String> messageIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final java.util.Queue<Long> arrivals = new java.util.concurrent.ConcurrentLinkedQueue<>();

        SmtpSink() throws IOException {
            Thread.ofPlatform().daemon().start(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        int messages() {
            return messages.get();
        }

        int distinctMessageIds() {
            return messageIds.size();
        }

        /** Forgets what was received so far (a warm-up). */
        void reset() {
            messages.set(0);
            messageIds.clear();
            arrivals.clear();
        }

        /** When each mail's DATA ended, in nanoseconds after start, in order. */
        long[] arrivals(long start) {
            return arrivals.stream().mapToLong(t -> t - start).sorted().toArray();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    java.net.Socket socket = server.accept();
                    Thread.ofPlatform().daemon().start(() -> serve(socket));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(java.net.Socket socket) {
            try (socket) {
                socket.setTcpNoDelay(true);
                java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                        socket.getInputStream(), StandardCharsets.UTF_8));
                java.io.Writer out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(
                        socket.getOutputStream(), StandardCharsets.UTF_8));
                reply(out, "220 sink ESMTP");
                for (String line; (line = in.readLine()) != null; ) {
                    String verb = line.length() < 4 ? line.toUpperCase(Locale.ROOT)
                            : line.substring(0, 4).toUpperCase(Locale.ROOT);
                    switch (verb) {
                        case "EHLO" -> reply(out, "250-sink\r\n250-8BITMIME\r\n250 SIZE 104857600");
                        case "DATA" -> {
                            reply(out, "354 end with <CRLF>.<CRLF>");
                            String messageId = null;
                            for (String data; (data = in.readLine()) != null && !data.equals("."); ) {
                                if (messageId == null && data.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                                    messageId = data.substring(11).trim();
                                }
                            }
                            arrivals.add(System.nanoTime());
                            messages.incrementAndGet();
                            if (messageId != null) {
                                messageIds.add(messageId);
                            }
                            reply(out, "250 OK queued");
                        }
                        case "QUIT" -> {
                            reply(out, "221 bye");
                            return;
                        }
                        default -> reply(out, "250 OK");
                    }
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        private static void reply(java.io.Writer out, String text) throws IOException {
            out.write(text);
            out.write("\r\n");
            out.flush();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /**
     * Bounce reading: a report (RFC 3464, as Postfix writes it) for each of `count` sent mails, in a
     * local IMAP server (Dovecot, started by bench/run; the reports are written into its maildirs). A
     * plain Jakarta Mail client first reads a copy of them whole, moves them to another folder and
     * expunges them, 500 at a time, as the service does; then a second instance of the service reads
     * its mailbox, records the bounces and moves the messages. Its rate is messages read per second of
     * reading, from its own metrics.
     */
    static void bounces(int count) throws Exception {
        // A tenth as many other reports first, unmeasured, for each reader: the service is a fresh JVM, as the
        // senders are, and its first messages would measure the JIT compilers.
        int warm = Math.max(1, count / 10);
        String[] all = psql("SELECT id || ',' || to_addresses[1] FROM dr_notice WHERE status = 'SENT' "
                + "AND kind = 'DELETION_REQUEST' ORDER BY id LIMIT " + (count + warm)).strip().split("\n");
        if (all.length < 2 * warm) {
            throw new IllegalStateException("only " + all.length + " sent notices to bounce");
        }
        String[] warmUp = Arrays.copyOfRange(all, 0, warm);
        String[] sent = Arrays.copyOfRange(all, warm, all.length);
        int port = Integer.parseInt(System.getProperty("bench.imap.port"));
        Path maildirs = Path.of(System.getProperty("bench.imap.dir"), "mail");
        deliverReports(maildirs, "plain", warmUp, "warm");
        if (plainImapRead(port, "plain", "plain-secret") != warm) {
            throw new IllegalStateException("the plain client did not read its warm-up");
        }
        deliverReports(maildirs, "plain", sent, "bench");
        long t0 = System.nanoTime();
        int moved = plainImapRead(port, "plain", "plain-secret");
        double plainSeconds = seconds(t0);
        if (moved != sent.length) {
            throw new IllegalStateException("the plain client moved " + moved + " of " + sent.length);
        }
        deliverReports(maildirs, "bounces", warmUp, "warm");

        int service = freePort();
        int management = freePort();
        List<String> command = secondService(service, management, "-Ddatarecall.outbox.poll-interval=off",
                "-Ddatarecall.bounces.imap.host=127.0.0.1", "-Ddatarecall.bounces.imap.port=" + port,
                "-Ddatarecall.bounces.imap.ssl=false", "-Ddatarecall.bounces.imap.username=bounces",
                "-Ddatarecall.bounces.imap.password=bounce-secret", "-Ddatarecall.bounces.imap.interval=1s");
        Process reader = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new java.io.File("bench/work/bounces.log")).start();
        try {
            String[] metrics = { "" };
            // Read from the service's own metrics, once its passes have counted every message.
            java.util.function.IntFunction<Boolean> readAtLeast = n -> {
                try {
                    metrics[0] = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management
                            + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                } catch (IOException e) {
                    return false; // not up yet
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return untagged(metrics[0], "datarecall_bounces_read_total") >= n;
            };
            waitFor(Duration.ofMinutes(10), () -> readAtLeast.apply(warm));
            double warmRead = untagged(metrics[0], "datarecall_bounces_read_total");
            double warmSeconds = untagged(metrics[0], "datarecall_bounces_pass_seconds_sum");
            deliverReports(maildirs, "bounces", sent, "bench");
            waitFor(Duration.ofMinutes(10), () -> readAtLeast.apply(warm + sent.length));
            long bounced = Long.parseLong(psql("SELECT count(*) FROM dr_notice WHERE status = 'BOUNCED'").trim());
            if (bounced < all.length) {
                throw new IllegalStateException(bounced + " notices BOUNCED of " + all.length + " reported");
            }
            double read = untagged(metrics[0], "datarecall_bounces_read_total") - warmRead;
            double readingSeconds = untagged(metrics[0], "datarecall_bounces_pass_seconds_sum") - warmSeconds;
            double plainRate = sent.length / plainSeconds;
            row("Plain Jakarta Mail IMAP client (Dovecot): read whole, move, expunge", String.format(Locale.ROOT,
                    "%,.0f messages/s (%,d in %.1f s)", plainRate, sent.length, plainSeconds), "baseline");
            row("Bounce mailbox: reports read, recorded (BOUNCED, event, unreachable), moved", String.format(
                    Locale.ROOT, "%,.0f DSNs/s (%,.0f in %.1f s of reading)", read / readingSeconds, read,
                    readingSeconds), String.format(Locale.ROOT, "%.2f of the plain client; target >= 1,000 DSNs/s",
                    read / readingSeconds / plainRate));
        } finally {
            reader.destroy();
            reader.waitFor();
        }
    }

    /**
     * Puts a report for each notice into a mailbox's maildir as a mail server delivers: written in {@code tmp/},
     * then moved into {@code new/}, so that a reader never sees half a message.
     */
    static void deliverReports(Path maildirs, String mailbox, String[] notices, String prefix) throws Exception {
        Path tmp = maildirs.resolve(mailbox + "/tmp");
        Files.createDirectories(tmp);
        for (int i = 0; i < notices.length; i++) {
            String[] idAndTo = notices[i].split(",", 2);
            Files.write(tmp.resolve(prefix + "-" + i + ".bench"), dsn(idAndTo[0], idAndTo[1]));
        }
        new ProcessBuilder("chown", "-R", "nobody:nogroup", maildirs.toString()).inheritIO().start().waitFor();
        for (int i = 0; i < notices.length; i++) {
            Files.move(tmp.resolve(prefix + "-" + i + ".bench"), maildirs.resolve(mailbox + "/new/" + prefix + "-" + i
                    + ".bench"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** A delivery status notification for a mail whose envelope sender named its notice (VERP). */
    static byte[] dsn(String noticeId, String recipient) {
        String verp = "bounces+" + noticeId + "@bench.example";
        String raw = """
                Return-Path: <>
                Delivered-To: %s
                From: MAILER-DAEMON@mx.example.com (Mail Delivery System)
                To: %s
                Subject: Undelivered Mail Returned to Sender
                Message-Id: <%s@mx.example.com>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="BOUNDARY"

                --BOUNDARY
                Content-Type: text/plain; charset=us-ascii

                This is the mail system at host mx.example.com. Your message could not be delivered.

                --BOUNDARY
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.example.com

                Final-Recipient: rfc822; %s
                Action: failed
                Status: 5.1.1
                Diagnostic-Code: smtp; 550 5.1.1 <%s>: Recipient address rejected: User unknown

                --BOUNDARY
                Content-Type: text/rfc822-headers

                Return-Path: <%s>
                From: recall@platform.example
                To: %s
                Subject: Action required

                --BOUNDARY--
                """.formatted(verp, verp, noticeId, recipient, recipient, verp, recipient).replace("\n", "\r\n");
        return raw.getBytes(StandardCharsets.UTF_8);
    }

    /** The plain client: every message of INBOX read whole, copied to another folder, deleted and expunged. */
    static int plainImapRead(int port, String user, String password) throws Exception {
        jakarta.mail.Session session = jakarta.mail.Session.getInstance(new java.util.Properties());
        int moved = 0;
        try (jakarta.mail.Store store = session.getStore("imap")) {
            store.connect("127.0.0.1", port, user, password);
            jakarta.mail.Folder inbox = store.getFolder("INBOX");
            jakarta.mail.Folder done = store.getFolder("Processed");
            if (!done.exists()) {
                done.create(jakarta.mail.Folder.HOLDS_MESSAGES);
            }
            inbox.open(jakarta.mail.Folder.READ_WRITE);
            for (int count; (count = inbox.getMessageCount()) > 0; ) {
                jakarta.mail.Message[] messages = inbox.getMessages(1, Math.min(count, 500));
                jakarta.mail.FetchProfile whole = new jakarta.mail.FetchProfile();
                whole.add(org.eclipse.angus.mail.imap.IMAPFolder.FetchProfileItem.MESSAGE);
                inbox.fetch(messages, whole);
                for (jakarta.mail.Message m : messages) {
                    ((jakarta.mail.internet.MimeMessage) m).getContent();
                }
                inbox.copyMessages(messages, done);
                inbox.setFlags(messages, new jakarta.mail.Flags(jakarta.mail.Flags.Flag.DELETED), true);
                inbox.expunge();
                moved += messages.length;
            }
            inbox.close(true);
        }
        return moved;
    }

    /** Makes the selected mails due now and waits until they are SENT; answers when they were released. */
    static long release(String selected, int count, Duration limit) throws Exception {
        psql("CREATE TABLE IF NOT EXISTS bench_released (id uuid PRIMARY KEY)");
        psql("TRUNCATE bench_released");
        psql("INSERT INTO bench_released " + selected);
        long t0 = System.nanoTime();
        psql("UPDATE dr_notice SET next_attempt_at = now() WHERE id IN (SELECT id FROM bench_released)");
        waitFor(limit, () -> Long.parseLong(psql("SELECT count(*) FROM dr_notice n JOIN bench_released r "
                + "USING (id) WHERE n.status = 'SENT'").trim()) >= count);
        return t0;
    }

    /** The same mails through a plain Jakarta Mail client: one connection per thread, 4 threads. */
    static void plainJavaMail(int port, int count, String subject, String text, String html) throws Exception {
        java.util.Properties props = new java.util.Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(port));
        jakarta.mail.Session session = jakarta.mail.Session.getInstance(props);
        int threads = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int share = count / threads + (t < count % threads ? 1 : 0);
            int thread = t;
            done.add(pool.submit(() -> {
                try (jakarta.mail.Transport transport = session.getTransport("smtp")) {
                    transport.connect();
                    for (int i = 0; i < share; i++) {
                        jakarta.mail.internet.MimeMessage m = new jakarta.mail.internet.MimeMessage(session);
                        m.setFrom("recall@platform.example");
                        m.setRecipients(jakarta.mail.Message.RecipientType.TO, "dev" + thread + "-" + i + "@example.com");
                        m.setSubject(subject);
                        jakarta.mail.internet.MimeMultipart alternative = new jakarta.mail.internet.MimeMultipart("alternative");
                        jakarta.mail.internet.MimeBodyPart plain = new jakarta.mail.internet.MimeBodyPart();
                        plain.setText(text, "UTF-8");
                        jakarta.mail.internet.MimeBodyPart rich = new jakarta.mail.internet.MimeBodyPart();
                        rich.setContent(html, "text/html; charset=UTF-8");
                        alternative.addBodyPart(plain);
                        alternative.addBodyPart(rich);
                        m.setContent(alternative);
                        m.saveChanges();
                        transport.sendMessage(m, m.getAllRecipients());
                    }
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    /** cases/s of one sweep stage: cases moved over time spent, from the service's own metrics. */
    static String stageRate(String metrics, String stage) {
        double cases = metric(metrics, "datarecall_sweep_cases_total", stage);
        double time = metric(metrics, "datarecall_sweep_duration_seconds_sum", stage);
        return String.format(Locale.ROOT, "%,.0f cases/s (%,.0f in %.1f s of sweeping)", cases / time, cases, time);
    }

    /** A metric without a stage tag; 0 while the service has not recorded it yet. */
    static double untagged(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(2)) : 0;
    }

    static double metric(String metrics, String name, String stage) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*stage=\"" + stage + "\"[^}]*\\} ([0-9.eE+-]+)$")
                .matcher(metrics);
        if (!m.find()) {
            throw new IllegalStateException(name + " for " + stage + " not in metrics");
        }
        return Double.parseDouble(m.group(1));
    }

    static HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    interface Condition {
        boolean met() throws Exception;
    }

    static void waitFor(Duration limit, Condition condition) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.met()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("not reached within " + limit);
            }
            Thread.sleep(250);
        }
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
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

    /** The service's Prometheus text, from its management port. */
    static HttpResponse<String> metrics() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(System.getProperty("bench.management") + "/q/metrics"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A link's token from its row "id|caseId|nonce|keyId", derived as the service derives it
     * (DeveloperLinks.token): HMAC-SHA256 of the key id, a zero byte, the link id and the link's random bits.
     */
    static String linkToken(String row) {
        String[] f = row.split("\\|");
        java.util.UUID id = java.util.UUID.fromString(f[0].trim());
        byte[] keyId = f[3].trim().getBytes(StandardCharsets.US_ASCII);
        byte[] nonce = java.util.HexFormat.of().parseHex(f[2].trim());
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec("benchmark-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8),
                    "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(java.nio.ByteBuffer
                    .allocate(keyId.length + 1 + 16 + nonce.length).put(keyId).put((byte) 0)
                    .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).put(nonce).array()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new campaign with the developers of the CSV imported. */
    static String importedCampaign(Path csv) throws Exception {
        String campaign = createCampaign();
        check(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/campaigns/" + campaign + "/developers"))
                .header("Authorization", auth).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(csv)).build(), HttpResponse.BodyHandlers.ofString()), 200);
        return campaign;
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The platform's access records: ten daily rows per developer (five days of each of its two apps) over
     * HTTP, beside COPY of the same file into a table of the same columns and key, in one transaction.
     * Then a revocation of each developer's first app on the third day; one developer in a hundred kept
     * calling after it, and the findings check that follows covers every case of the campaign.
     */
    static void accessRecords(String campaign, int rows, Path work) throws Exception {
        Path records = work.resolve("access-records-v2-" + rows + ".csv").toAbsolutePath();
        if (!Files.exists(records)) {
            try (BufferedWriter w = Files.newBufferedWriter(records, StandardCharsets.UTF_8)) {
                w.write("appId,day,calls,usersAffected\n");
                for (int i = 0; i < rows; i++) {
                    // One developer in ten read the data within the recent-access window (March, detected
                    // in April); the others in December.
                    String month = i % 10 == 0 ? "2026-03-0" : "2025-12-0";
                    for (String app : new String[] {"app-" + i, "app-" + (i + rows)}) {
                        for (int day = 1; day <= 5; day++) {
                            boolean after = day > 3 && app.equals("app-" + i);
                            long calls = after && i % 100 != 0 ? 0 : 1 + (i + day) % 500;
                            w.write(app + "," + month + day + "," + calls + "," + (i + day) % 90 + "\n");
                        }
                    }
                }
            }
        }
        long recordRows = 10L * rows;
        psql("DROP TABLE IF EXISTS bench_access; CREATE TABLE bench_access (LIKE dr_access_record INCLUDING ALL); "
                + "ALTER TABLE bench_access ALTER COLUMN campaign_id SET DEFAULT '" + campaign + "', "
                + "ALTER COLUMN imported_at SET DEFAULT now()");
        Path script = work.resolve("access-copy.sql");
        Files.writeString(script, "BEGIN;\n\\copy bench_access (app_id, day, calls, users_affected) FROM '" + records
                + "' WITH (FORMAT csv, HEADER true)\nCOMMIT;\n");
        long t0 = System.nanoTime();
        psqlFile(script);
        double copySeconds = seconds(t0);
        psql("DROP TABLE bench_access");
        row("COPY of the access records into a table of the same columns and key",
                String.format(Locale.ROOT, "%,.0f rows/s (%.1f s)", recordRows / copySeconds, copySeconds), "baseline");

        t0 = System.nanoTime();
        HttpResponse<String> imported = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/campaigns/"
                + campaign + "/access-records")).header("Authorization", auth).header("Content-Type", "text/csv")
                .timeout(Duration.ofMinutes(60)).POST(HttpRequest.BodyPublishers.ofFile(records)).build(),
                HttpResponse.BodyHandlers.ofString());
        double importSeconds = seconds(t0);
        check(imported, 200);
        row("Access records over HTTP (CSV, all or nothing)", String.format(Locale.ROOT, "%,.0f rows/s (%.1f s, %,d rows)",
                recordRows / importSeconds, importSeconds, recordRows), String.format(Locale.ROOT,
                "%.2f of same-shape COPY (target >= 0.5)", copySeconds / importSeconds));

        // The same upload with one bad row at its very end: refused whole, in the same bounded memory.
        Path bad = work.resolve("access-records-bad.csv").toAbsolutePath();
        Files.copy(records, bad, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(bad, "app-0,2026-13-01,1,1\n", java.nio.file.StandardOpenOption.APPEND);
        t0 = System.nanoTime();
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/campaigns/"
                + campaign + "/access-records")).header("Authorization", auth).header("Content-Type", "text/csv")
                .timeout(Duration.ofMinutes(60)).POST(HttpRequest.BodyPublishers.ofFile(bad)).build(),
                HttpResponse.BodyHandlers.ofString());
        double refuseSeconds = seconds(t0);
        check(refused, 400);
        if (!refused.body().contains("\"row\":" + (recordRows + 2))) {
            throw new IllegalStateException("the bad last row is not named: " + refused.body());
        }
        Files.delete(bad);
        row("The same upload with one bad last row", String.format(Locale.ROOT, "refused whole in %.1f s", refuseSeconds),
                "400 naming row " + (recordRows + 2) + "; service heap capped at 512 MiB");

        Path revocations = work.resolve("revocations-" + rows + ".json").toAbsolutePath();
        try (BufferedWriter w = Files.newBufferedWriter(revocations, StandardCharsets.UTF_8)) {
            w.write("[");
            for (int i = 0; i < rows; i++) {
                String month = i % 10 == 0 ? "2026-03-0" : "2025-12-0";
                w.write((i == 0 ? "" : ",") + "{\"appId\":\"app-" + i + "\",\"revokedAt\":\"" + month + "3T12:00:00Z\","
                        + "\"mechanism\":\"TOKENS_INVALIDATED\",\"probeAt\":\"" + month + "4T00:00:00Z\","
                        + "\"probeResult\":\"NO_ACCESS\"}");
            }
            w.write("]");
        }
        String metricsBefore = metrics().body();
        t0 = System.nanoTime();
        check(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/campaigns/" + campaign + "/revocations"))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(60)).POST(HttpRequest.BodyPublishers.ofFile(revocations)).build(),
                HttpResponse.BodyHandlers.ofString()), 200);
        double revokeSeconds = seconds(t0);
        String metricsAfter = metrics().body();
        double checkSeconds = untagged(metricsAfter, "datarecall_findings_check_seconds_sum")
                - untagged(metricsBefore, "datarecall_findings_check_seconds_sum");
        double cases = untagged(metricsAfter, "datarecall_findings_cases_checked_total")
                - untagged(metricsBefore, "datarecall_findings_cases_checked_total");
        long found = Long.parseLong(psql("SELECT count(*) FROM dr_finding WHERE campaign_id = '" + campaign + "'").trim());
        row("Revocations over HTTP (one per developer, JSON)", String.format(Locale.ROOT, "%,.0f revocations/s (%.1f s)",
                rows / revokeSeconds, revokeSeconds), "each an ACCESS_REVOKED event");
        row("Findings check after the revocations", String.format(Locale.ROOT, "%,.0f cases/s (%,.0f cases in %.2f s, "
                + "%,d findings)", cases / checkSeconds, cases, checkSeconds, found), "target >= 100,000 cases/s");
        if (found != (rows + 99) / 100) {
            throw new IllegalStateException("expected a finding for one developer in a hundred, found " + found);
        }
        Files.delete(revocations);
    }

    /** COPY of the CSV into a table of its own six columns and no index: the floor of any import. */
    static double bareCopy(Path csv, int rows) throws Exception {
        psql("DROP TABLE IF EXISTS bench_bare; CREATE TABLE bench_bare (developer_id text, name text, email text, "
                + "cc_emails text, app_ids text, last_access_at timestamptz)");
        long t0 = System.nanoTime();
        psql("\\copy bench_bare FROM '" + csv.toAbsolutePath() + "' WITH (FORMAT csv, HEADER true)");
        double seconds = seconds(t0);
        row("COPY into a bare table (psql \\copy)", String.format(Locale.ROOT, "%,.0f rows/s (%.1f s)", rows / seconds,
                seconds), "baseline");
        return rows / seconds;
    }

    /**
     * COPY of the same developers as the rows an import writes (a case row and its opening event
     * each, time-ordered ids, in upload order) into copies of dr_case and dr_case_event with every
     * index, default and check they have, in one transaction like the import's. The files are made
     * before the clock starts.
     */
    static double shapedCopy(Path work, int rows) throws Exception {
        Path cases = work.resolve("shaped-cases.tsv").toAbsolutePath();
        Path events = work.resolve("shaped-events.tsv").toAbsolutePath();
        String id = "('00000000-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))";
        psql("DROP TABLE IF EXISTS bench_case, bench_event; "
                + "CREATE TABLE bench_case (LIKE dr_case INCLUDING ALL); "
                + "CREATE TABLE bench_event (LIKE dr_case_event INCLUDING ALL)");
        psql("\\copy (SELECT " + id + ", '00000000-0000-7000-8000-000000000000', developer_id, name, email, "
                + "coalesce(string_to_array(cc_emails, ';'), '{}'), coalesce(string_to_array(app_ids, ';'), '{}'), last_access_at, 'STANDARD', 'PENDING', 0, "
                + "NULL, NULL, now(), NULL, NULL, NULL, NULL, 1, 1, sha256(developer_id::bytea), now(), now(), false, false, "
                + "NULL, NULL, 'en', NULL, NULL "
                + "FROM (SELECT *, row_number() OVER () AS n FROM bench_bare) b) TO '" + cases + "'");
        psql("\\copy (SELECT '00000000-0000-7000-8000-000000000000', " + id + ", 1, 'CASE_OPENED', NULL, 'PENDING', "
                + "'bench', now(), json_build_object('developerId', developer_id, 'name', name, 'email', email)::text, "
                + "sha256(''::bytea), sha256(developer_id::bytea) "
                + "FROM (SELECT *, row_number() OVER () AS n FROM bench_bare) b) TO '" + events + "'");
        Path script = work.resolve("shaped-copy.sql");
        Files.writeString(script, "BEGIN;\n\\copy bench_case FROM '" + cases + "'\n\\copy bench_event FROM '" + events
                + "'\nCOMMIT;\n");
        long t0 = System.nanoTime();
        psqlFile(script);
        double seconds = seconds(t0);
        row("COPY of the same rows into the import's tables (same indexes)",
                String.format(Locale.ROOT, "%,.0f rows/s (%.1f s)", rows / seconds, seconds), "baseline");
        psql("DROP TABLE bench_case, bench_event");
        Files.delete(cases);
        Files.delete(events);
        return rows / seconds;
    }

    /**
     * A signed checkpoint of the whole campaign beside one streamed SELECT of every head (the same
     * query and fetch size the service reads them with; best of three each), then the integrity check,
     * which now also compares every chain with that checkpoint.
     */
    static void checkpointAndIntegrity(String campaign) throws Exception {
        String[] user = URI.create(psqlUrl).getUserInfo().split(":", 2);
        double select = Double.MAX_VALUE;
        long heads = 0;
        for (int i = 0; i < 3; i++) {
            try (java.sql.Connection con = java.sql.DriverManager.getConnection(System.getProperty("bench.jdbc"), user[0],
                    user[1])) {
                con.setAutoCommit(false);
                long s = System.nanoTime();
                try (java.sql.PreparedStatement ps = con.prepareStatement(
                        "SELECT id, event_count, last_event_hash FROM dr_case WHERE campaign_id = ?::uuid ORDER BY id")) {
                    ps.setFetchSize(10_000);
                    ps.setString(1, campaign);
                    heads = 0;
                    try (java.sql.ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rs.getObject(1, java.util.UUID.class);
                            rs.getInt(2);
                            rs.getBytes(3);
                            heads++;
                        }
                    }
                }
                select = Math.min(select, seconds(s));
                con.commit();
            }
        }
        double take = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long s = System.nanoTime();
            check(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/campaigns/" + campaign + "/checkpoints"))
                    .header("Authorization", auth).timeout(Duration.ofMinutes(30))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()), 201);
            take = Math.min(take, seconds(s));
        }
        row("SELECT of every case's head (JDBC, streamed)", String.format(Locale.ROOT, "%.2f s (%,d heads)", select,
                heads), "");
        row("Checkpoint over HTTP (Merkle root, Ed25519, heads kept)", String.format(Locale.ROOT, "%.2f s", take),
                String.format(Locale.ROOT, "%.2f x the SELECT (target <= 2)", take / select));

        long t0 = System.nanoTime();
        HttpResponse<String> integrity = get("/api/v1/campaigns/" + campaign + "/integrity");
        double integritySeconds = seconds(t0);
        check(integrity, 200);
        long checked = Long.parseLong(field(integrity.body(), "eventsChecked"));
        if (!integrity.body().contains("\"verified\":true")) {
            throw new IllegalStateException("integrity check failed: " + integrity.body());
        }
        row("Integrity check", String.format(Locale.ROOT, "%,.0f events/s (%,d in %.2f s)", checked / integritySeconds,
                checked, integritySeconds), "target >= 200,000 events/s");

    }

    static String psqlFile(Path script) throws Exception {
        return runPsql("-f", script.toString());
    }

    static String psql(String sql) throws Exception {
        return runPsql("-c", sql);
    }

    static String runPsql(String option, String value) throws Exception {
        Process p = new ProcessBuilder("psql", psqlUrl, "-v", "ON_ERROR_STOP=1", "-qAt", option, value)
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

    /** The search q: a text no case holds beside one that thousands hold (the first page of 50). */
    static void search(String campaign) throws Exception {
        double[] none = new double[50];
        double[] many = new double[50];
        for (int i = 0; i < none.length; i++) {
            long s = System.nanoTime();
            check(get("/api/v1/campaigns/" + campaign + "/cases?limit=50&q=no-such-developer-" + i), 200);
            none[i] = millis(s);
            s = System.nanoTime();
            check(get("/api/v1/campaigns/" + campaign + "/cases?limit=50&q=dev-000"), 200);
            many[i] = millis(s);
        }
        row("Case search q, thousands match (first page)", percentiles(many), "baseline");
        row("Case search q, nothing matches", percentiles(none), String.format(Locale.ROOT,
                "%.2f of the search with matches (median; target about 1)", median(none) / median(many)));
    }

    /**
     * The campaign's summary beside a primary-key read of one case through the same HTTP stack, taken in
     * turns with it so that both see the same machine.
     */
    static void summary(String campaign, List<String> ids) throws Exception {
        double[] summary = new double[200];
        double[] byKey = new double[summary.length];
        for (int i = 0; i < summary.length; i++) {
            long k = System.nanoTime();
            check(get("/api/v1/cases/" + ids.get(RANDOM.nextInt(ids.size())).trim()), 200);
            byKey[i] = millis(k);
            long s = System.nanoTime();
            check(get("/api/v1/campaigns/" + campaign + "/summary"), 200);
            summary[i] = millis(s);
        }
        row("A case by its key (GET /cases/{id}), in turns with the summary", percentiles(byKey), "baseline");
        row("Summary", percentiles(summary), String.format(Locale.ROOT, "p99 %.1f x the read by key "
                + "(target <= 2)", p99(summary) / p99(byKey)));
        countsTriggerCost(campaign);
    }

    /**
     * What keeping the counts costs a set-based write: one UPDATE of every case of the campaign (a flag
     * flipped, which changes the counts), with the counts' trigger and with it switched off, taken in
     * turns three times each, every one rolled back. Same rows, table, indexes and transaction shape.
     */
    static void countsTriggerCost(String campaign) throws Exception {
        String update = "UPDATE dr_case SET unreachable = NOT unreachable WHERE campaign_id = '" + campaign + "';";
        double[] with = new double[3];
        double[] without = new double[3];
        for (int i = 0; i < 3; i++) {
            long w = System.nanoTime();
            psql("BEGIN; " + update + " ROLLBACK;");
            with[i] = millis(w);
            long o = System.nanoTime();
            psql("BEGIN; ALTER TABLE dr_case DISABLE TRIGGER dr_case_count_update; " + update + " ROLLBACK;");
            without[i] = millis(o);
        }
        row("UPDATE of every case of the campaign, the counts' trigger off", String.format(Locale.ROOT,
                "median %.0f ms (n=3)", median(without)), "baseline");
        row("The same UPDATE with the counts' trigger", String.format(Locale.ROOT, "median %.0f ms (n=3)",
                median(with)), String.format(Locale.ROOT, "%.2f x the baseline's time", median(with) / median(without)));
    }

    static double median(double[] ms) {
        return sorted(ms)[ms.length / 2];
    }

    static double p99(double[] ms) {
        double[] sorted = sorted(ms);
        return sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
    }

    static String percentiles(double[] ms) {
        double[] sorted = sorted(ms);
        double median = sorted[sorted.length / 2];
        double p99 = p99(ms);
        return String.format(Locale.ROOT, "median %.1f ms, p99 %.1f ms (n=%d)", median, p99, ms.length);
    }

    private static double[] sorted(double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        return sorted;
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
