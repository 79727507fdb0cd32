package org.datarecall.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.createCampaign;
import static org.datarecall.testing.Api.importCsv;
import static org.datarecall.testing.Api.manager;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.datarecall.testing.Management;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The API document is complete enough to generate a client from: every operation has an id and says
 * which problems it answers, each case action is an operation with a typed body, the HTML pages are not
 * in it — and a Java client made from it by a real generator (openapi-generator, run as its own
 * process) compiles and talks to the service: it reads a campaign, writes a note through a typed action,
 * and gets the service's 404 as an exception with the problem document.
 */
@QuarkusTest
class OpenApiClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path WORK = Path.of("target", "openapi-client");

    @TestHTTPResource("/")
    URL root;

    @Test
    void the_document_names_every_operation_and_its_problems_and_a_generated_client_works() throws Exception {
        String document = Management.given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        Files.createDirectories(WORK);
        Path spec = WORK.resolve("datarecall.json");
        Files.writeString(spec, document);
        JsonNode api = JSON.readTree(document);
        checkDocument(api);
        Path out = WORK.resolve("generated");
        Path classes = WORK.resolve("classes");
        for (Path left : List.of(out, classes)) { // what an earlier run made
            if (Files.exists(left)) {
                try (Stream<Path> walk = Files.walk(left)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        generate(spec, out);
        compile(out.resolve("src/main/java"), classes);

        String campaign = createCampaign("Through a generated client");
        importCsv(campaign, "dev-1,Dev One,one@example.com,,,");
        String caseId = caseOf(campaign, "dev-1");
        try (URLClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL() },
                getClass().getClassLoader())) {
            Object client = loader.loadClass("org.datarecall.client.ApiClient").getConstructor().newInstance();
            client.getClass().getMethod("updateBaseUri", String.class).invoke(client,
                    root.toString().replaceAll("/$", ""));
            String basic = "Basic " + Base64.getEncoder().encodeToString("manager:manager".getBytes(StandardCharsets.UTF_8));
            client.getClass().getMethod("setRequestInterceptor", java.util.function.Consumer.class).invoke(client,
                    (java.util.function.Consumer<java.net.http.HttpRequest.Builder>) b -> b.header("Authorization", basic));
            Class<?> campaigns = loader.loadClass("org.datarecall.client.api.CampaignResourceApi");
            Object calls = campaigns.getConstructor(client.getClass()).newInstance(client);
            Class<?> cases = loader.loadClass("org.datarecall.client.api.CaseResourceApi");
            Object caseCalls = cases.getConstructor(client.getClass()).newInstance(client);

            Object read = operation(campaigns, "campaignResourceGet", 1).invoke(calls, campaign);
            assertThat(read.getClass().getMethod("getTitle").invoke(read)).isEqualTo("Through a generated client");

            // A typed action: the note's body is a model class of its own.
            Object note = loader.loadClass("org.datarecall.client.model.AddNoteAction").getConstructor().newInstance();
            note.getClass().getMethod("setText", String.class).invoke(note, "Called back, sending the form.");
            // (id, body, If-Match: none, so the case's current version is not required)
            operation(cases, "caseActionAddNote", 3).invoke(caseCalls, caseId, note, null);
            manager().get("/api/v1/cases/{id}/events", caseId).then()
                    .body("items.find { it.type == 'NOTE_ADDED' }.data.text",
                            org.hamcrest.Matchers.equalTo("Called back, sending the form."));

            // The service's refusal reaches the caller as the generated exception, with the problem document.
            try {
                operation(campaigns, "campaignResourceGet", 1).invoke(calls, java.util.UUID.randomUUID().toString());
                throw new AssertionError("an unknown campaign was read");
            } catch (InvocationTargetException e) {
                Object refused = e.getCause();
                assertThat(refused.getClass().getName()).isEqualTo("org.datarecall.client.ApiException");
                assertThat(refused.getClass().getMethod("getCode").invoke(refused)).isEqualTo(404);
                assertThat((String) refused.getClass().getMethod("getResponseBody").invoke(refused))
                        .contains("\"status\":404");
            }
        }
    }

    /** What a client generator needs of the document. */
    private static void checkDocument(JsonNode api) {
        Set<String> ids = new HashSet<>();
        List<String> paths = new ArrayList<>();
        api.path("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).as("HTML pages are not API operations").noneMatch(p -> p.startsWith("/dashboard")
                || p.startsWith("/attest") || p.startsWith("/login") || p.startsWith("/logout")
                || p.startsWith("/j_security_check"));
        assertThat(paths).contains("/api/v1/cases/{id}/actions/extend", "/api/v1/cases/{id}/actions/record-audit")
                .doesNotContain("/api/v1/cases/{id}/actions/{action}");
        for (String path : paths) {
            for (Iterator<Map.Entry<String, JsonNode>> it = api.path("paths").path(path).fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> entry = it.next();
                String method = entry.getKey();
                if (!List.of("get", "post", "put", "patch", "delete").contains(method)) {
                    continue;
                }
                JsonNode operation = entry.getValue();
                String id = operation.path("operationId").asText("");
                assertThat(id).as("operation id of %s %s", method, path).isNotBlank();
                assertThat(ids.add(id)).as("operation id %s is unique", id).isTrue();
                if (!path.startsWith("/api/v1/")) {
                    continue;
                }
                JsonNode responses = operation.path("responses");
                Set<String> expected = new java.util.TreeSet<>(List.of("401", "429", "503"));
                if (!method.equals("get")) {
                    expected.add("409");
                    expected.add("403");
                }
                if (operation.has("requestBody")) {
                    expected.addAll(List.of("400", "413", "415"));
                }
                if (path.contains("{")) {
                    expected.add("404");
                }
                if (!path.startsWith("/api/v1/portal/")) {
                    expected.add("403");
                }
                for (String status : expected) {
                    assertThat(responses.path(status).path("content").path(ProblemResponses.PROBLEM).path("schema")
                            .path("$ref").asText()).as("%s %s answers %s as a problem", method, path, status)
                            .isEqualTo("#/components/schemas/Problem");
                }
            }
        }
        assertThat(api.at("/paths/~1api~1v1~1cases~1{id}~1actions~1extend/post/responses/412").isMissingNode())
                .as("actions take If-Match: 412").isFalse();
        JsonNode extend = api.at("/components/schemas/ExtendAction/properties");
        assertThat(extend.has("dueAt") && extend.has("extension") && extend.has("reason")).isTrue();
        assertThat(api.at("/components/schemas/EnforceAction/properties/measure/enum").toString())
                .contains("APP_SUSPENDED");
    }

    /** openapi-generator's Java client (the JDK's HTTP client and Jackson), as its own process. */
    private static void generate(Path spec, Path out) throws Exception {
        Path generator = Path.of("target", "tools", "openapi-generator-cli.jar");
        assertThat(generator).as("copied by the build (maven-dependency-plugin)").exists();
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", generator.toString(), "generate", "-i", spec.toString(), "-g", "java", "--library", "native",
                "-o", out.toString(), "--skip-validate-spec",
                "--additional-properties=useJakartaEe=true,hideGenerationTimestamp=true,openApiNullable=false,"
                        + "invokerPackage=org.datarecall.client,apiPackage=org.datarecall.client.api,"
                        + "modelPackage=org.datarecall.client.model",
                "--global-property=apiTests=false,modelTests=false,apiDocs=false,modelDocs=false")
                .redirectErrorStream(true).redirectOutput(WORK.resolve("generator.log").toFile()).start();
        assertThat(run.waitFor(5, TimeUnit.MINUTES)).as("the generator ends").isTrue();
        assertThat(run.exitValue()).as(Files.readString(WORK.resolve("generator.log"))).isZero();
    }

    private static void compile(Path sources, Path classes) throws Exception {
        Files.createDirectories(classes);
        List<String> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        assertThat(files).isNotEmpty();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        java.io.StringWriter errors = new java.io.StringWriter();
        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-classpath",
                System.getProperty("java.class.path"), "-proc:none", "-nowarn", "-Xlint:none"));
        arguments.addAll(files);
        int exit = javac.run(null, null, new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                errors.write(b);
            }
        }), arguments.toArray(String[]::new));
        assertThat(exit).as(errors.toString()).isZero();
    }

    private static Method operation(Class<?> api, String name, int parameters) {
        return Stream.of(api.getMethods()).filter(m -> m.getName().equals(name) && m.getParameterCount() == parameters)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no generated method " + name + " in " + Stream.of(api.getMethods())
                        .map(Method::getName).sorted().toList()));
    }
}
