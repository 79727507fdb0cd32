package org.datarecall.platform.http;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * The API document names every problem an operation can answer, each as {@code application/problem+json}
 * (RFC 9457) with the shape {@link ProblemMapper} writes: what a generated client needs to tell a refusal
 * from a failure. Which answers an operation can give follows from what it is, the same rules the
 * service applies to every request:
 * <ul>
 * <li>every one: 401 (no or bad credentials, a dead developer link), 429 (sign-in throttle, the portal's
 * limiter), 503 (the database gave up waiting: try again);</li>
 * <li>a staff operation: 403 (the role does not allow it); a developer's write: 403 (a read-only link);</li>
 * <li>a path with an id: 404; any parameter or body: 400 with the fields at fault;</li>
 * <li>a write: 409 (the state does not allow it), 413 and 415 when it takes a body (too large; not JSON or
 * its own declared type);</li>
 * <li>an {@code If-Match} header: 412 (the resource moved on).</li>
 * </ul>
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

    static final String PROBLEM = "application/problem+json";

    private static final Map<String, String> MEANING = Map.ofEntries(
            Map.entry("400", "The request is malformed or a field is invalid; `violations` names each field at fault."),
            Map.entry("401", "No valid credentials (staff), or the developer link is unknown, expired or replaced."),
            Map.entry("403", "The role does not allow this, or the developer link is read-only (delegated)."),
            Map.entry("404", "No such resource."),
            Map.entry("409", "The resource's state does not allow this now."),
            Map.entry("412", "`If-Match` names a version that is no longer current."),
            Map.entry("413", "The body is larger than allowed."),
            Map.entry("415", "The body's type is not accepted (JSON, or the operation's declared type)."),
            Map.entry("429", "Too many attempts; `Retry-After` says when to try again."),
            Map.entry("503", "The database is busy; `Retry-After` says when to try again."));

    @Override
    public void filterOpenAPI(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(OASFactory.createComponents());
        }
        api.getComponents().addSchema("Violation", OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .addProperty("field", string()).addProperty("message", string()).required(List.of("field", "message")));
        api.getComponents().addSchema("Problem", OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("A problem (RFC 9457).")
                .addProperty("type", string().description("A URI naming the kind of problem."))
                .addProperty("title", string()).addProperty("status", OASFactory.createSchema()
                        .type(List.of(Schema.SchemaType.INTEGER)))
                .addProperty("detail", string())
                .addProperty("violations", OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY))
                        .items(OASFactory.createSchema().ref("#/components/schemas/Violation")))
                .required(List.of("type", "title", "status")));
        if (api.getPaths() == null || api.getPaths().getPathItems() == null) {
            return;
        }
        api.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/v1/")) {
                item.getOperations().forEach((method, operation) -> describe(path, method, operation));
            }
        });
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
        boolean write = method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD;
        boolean portal = path.startsWith("/api/v1/portal/");
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        boolean body = operation.getRequestBody() != null;
        add(operation, "401");
        add(operation, "429");
        add(operation, "503");
        if (!portal || write) {
            add(operation, "403");
        }
        if (path.contains("{")) {
            add(operation, "404");
        }
        if (!parameters.isEmpty() || body) {
            add(operation, "400");
        }
        if (write) {
            add(operation, "409");
            if (body) {
                add(operation, "413");
                add(operation, "415");
            }
        }
        if (parameters.stream().anyMatch(p -> "If-Match".equalsIgnoreCase(p.getName()))) {
            add(operation, "412");
        }
    }

    private static void add(Operation operation, String status) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        org.eclipse.microprofile.openapi.models.responses.APIResponse known = operation.getResponses()
                .getAPIResponse(status);
        if (known != null && known.getContent() != null) {
            return; // described by the operation itself
        }
        // New, or one Quarkus added from the security annotations without its body ("Not Authorized").
        operation.getResponses().addAPIResponse(status, OASFactory.createAPIResponse().description(MEANING.get(status))
                .content(OASFactory.createContent().addMediaType(PROBLEM, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref("#/components/schemas/Problem")))));
    }

    private static Schema string() {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING));
    }
}
