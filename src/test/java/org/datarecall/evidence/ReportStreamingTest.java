package org.datarecall.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.sql.DataSource;

import org.datarecall.testing.Api;
import org.datarecall.testing.Sql;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * A client that reads the campaign report slowly holds no database connection and no transaction
 * while it dawdles: the report is read in chunks, each written after its connection is back.
 */
@QuarkusTest
class ReportStreamingTest {

    @TestHTTPResource
    URL base;

    @Inject
    DataSource dataSource;

    @Test
    void a_slow_reader_holds_no_connection_and_the_whole_report_arrives() throws Exception {
        String campaign = Api.createCampaign("a report read slowly");
        int cases = 60_000;
        StringBuilder csv = new StringBuilder("developerId,name,email,ccEmails,appIds,lastAccessAt\n");
        for (int i = 0; i < cases; i++) {
            csv.append(String.format("slow-%06d,Developer %d with a long enough name,dev%d@example.com,,,%n", i, i, i));
        }
        Api.manager().contentType("text/csv").body(csv.toString()).post("/api/v1/campaigns/{id}/developers", campaign)
                .then().statusCode(200);

        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()));
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/campaigns/" + campaign + "/report.csv HTTP/1.0\r\nHost: localhost\r\n"
                    + "Authorization: Basic " + Base64.getEncoder().encodeToString("manager:manager".getBytes())
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] first = new byte[1024];
            int got = in.read(first);
            assertThat(got).isPositive();
            // The reader stops; the service has filled the socket and waits for it.
            Thread.sleep(1500);
            assertThat(Sql.count(dataSource, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND pid <> pg_backend_pid() AND state <> 'idle' "
                    // The report's query, by its start: pg_stat_activity keeps only the first 1 KB of a query.
                    + "AND query LIKE 'SELECT c.id, c.developer_id, c.name, c.email, c.risk_tier, c.state%'"))
                    .as("report queries running or holding a transaction while the client waits").isZero();

            // HTTP/1.0: the body is the rest of the stream, without chunk framing.
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            all.write(first, 0, got);
            in.transferTo(all);
            String response = all.toString(StandardCharsets.UTF_8);
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            java.util.List<String> rows = body.lines().toList();
            assertThat(rows.getFirst()).startsWith("caseId,developerId,");
            assertThat(rows.stream().skip(1).map(r -> r.split(",")[1]).distinct().count()).isEqualTo(cases);
            assertThat(rows).hasSize(cases + 1);
        }
    }
}
