package org.datarecall.casework;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.datarecall.casework.domain.AuditMethod;
import org.datarecall.casework.domain.AuditResult;
import org.datarecall.casework.domain.CaseAction;
import org.datarecall.casework.domain.EnforcementMeasure;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * {@code POST /cases/{id}/actions/{action}} is one method in the code, each action with its own body
 * ({@link ActionRequest}). The API document shows it as what it is to a client: one operation per action,
 * {@code /cases/{id}/actions/extend} and so on, each with its body's schema and an operation id of its own,
 * so that a generated client has a typed method per action.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class CaseActionOperations implements OASFilter {

    static final String GENERIC = "/api/v1/cases/{id}/actions/{action}";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        PathItem generic = api.getPaths() == null ? null : api.getPaths().getPathItem(GENERIC);
        if (generic == null || generic.getPOST() == null) {
            return;
        }
        Operation template = generic.getPOST();
        api.getPaths().removePathItem(GENERIC);
        for (CaseAction action : CaseAction.values()) {
            Schema body = body(action);
            String name = pascal(action.pathName());
            Operation operation = OASFactory.createOperation().operationId("caseAction" + name)
                    .summary(summary(action)).description(template.getDescription()).tags(template.getTags())
                    .parameters(template.getParameters() == null ? null : template.getParameters().stream()
                            .filter(p -> !"action".equals(p.getName())).toList())
                    .responses(responses(template, body != null)).security(template.getSecurity());
            if (body != null) {
                api.getComponents().addSchema(name + "Action", body);
                operation.requestBody(OASFactory.createRequestBody().required(true).content(OASFactory.createContent()
                        .addMediaType("application/json", OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().ref("#/components/schemas/" + name + "Action")))));
            }
            api.getPaths().addPathItem("/api/v1/cases/{id}/actions/" + action.pathName(),
                    OASFactory.createPathItem().POST(operation));
        }
    }

    /** The generic operation's answers, each action's own copy: one without a body is never 413 or 415. */
    private static org.eclipse.microprofile.openapi.models.responses.APIResponses responses(Operation template,
            boolean body) {
        var copy = OASFactory.createAPIResponses();
        if (template.getResponses() != null && template.getResponses().getAPIResponses() != null) {
            template.getResponses().getAPIResponses().forEach((status, answer) -> {
                if (body || !(status.equals("413") || status.equals("415"))) {
                    copy.addAPIResponse(status, answer);
                }
            });
        }
        return copy;
    }

    /** The action's body, as {@link ActionRequest#parse} reads it; null for the actions that take none. */
    static Schema body(CaseAction action) {
        return switch (action) {
            case SEND_DELETION_REQUEST, RESEND_NOTICE -> null;
            case ESCALATE, WITHDRAW, REJECT_ATTESTATION, REQUEST_EVIDENCE -> object(List.of("reason"))
                    .addProperty("reason", text(ActionRequest.MAX_REASON, action == CaseAction.REQUEST_EVIDENCE
                            ? "What the developer is asked to send: it is quoted in the mail." : "Why."));
            case EXTEND -> object(List.of("reason"))
                    .addProperty("dueAt", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                            .format("date-time").description("The new deadline; or give `extension`."))
                    .addProperty("extension", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                            .description("An ISO-8601 duration added to the deadline, e.g. `P14D`."))
                    .addProperty("reason", text(ActionRequest.MAX_REASON, "Why."));
            case ENFORCE -> object(List.of("measure", "reason"))
                    .addProperty("measure", choice(EnforcementMeasure.values()))
                    .addProperty("reason", text(ActionRequest.MAX_REASON, "Why."));
            case RECORD_AUDIT -> object(List.of("result", "method"))
                    .addProperty("result", choice(AuditResult.values()))
                    .addProperty("method", choice(AuditMethod.values()))
                    .addProperty("findings", text(ActionRequest.MAX_FINDINGS, "What the audit found; required when it fails."));
            case UPDATE_CONTACT -> object(List.of("email", "reason"))
                    .addProperty("email", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).format("email"))
                    .addProperty("ccEmails", OASFactory.createSchema()
                            .type(List.of(Schema.SchemaType.ARRAY, Schema.SchemaType.NULL))
                            .items(OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).format("email"))
                            .description("Left out or null: the case keeps its own; `[]` removes them."))
                    .addProperty("reason", text(ActionRequest.MAX_REASON, "Why."));
            case ADD_NOTE -> object(List.of("text")).addProperty("text", text(ActionRequest.MAX_NOTE, "The note."));
            case ASSIGN -> object(List.of("owner")).addProperty("owner", OASFactory.createSchema()
                    .type(List.of(Schema.SchemaType.STRING, Schema.SchemaType.NULL)).maxLength(ActionRequest.MAX_OWNER)
                    .description("A staff user; null (given, not left out) takes the owner away."));
        };
    }

    private static Schema object(List<String> required) {
        Schema schema = OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT)).additionalPropertiesBoolean(false);
        return required.isEmpty() ? schema : schema.required(required);
    }

    private static Schema text(int max, String description) {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).maxLength(max).description(description);
    }

    private static Schema choice(Enum<?>[] values) {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                .enumeration(Arrays.stream(values).map(v -> (Object) v.name()).toList());
    }

    private static String summary(CaseAction action) {
        String words = action.pathName().replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1) + " (a case action)";
    }

    static String pascal(String pathName) {
        StringBuilder out = new StringBuilder();
        for (String part : pathName.split("-")) {
            out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
        }
        return out.toString();
    }
}
