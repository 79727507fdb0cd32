package org.datarecall.casework;

import java.time.Clock;
import java.util.UUID;

import org.datarecall.casework.domain.CaseAction;
import org.datarecall.casework.domain.CaseCommand;
import org.datarecall.evidence.StoredEvent;
import org.datarecall.notice.NoticeQueries;
import org.datarecall.notice.NoticeView;
import org.datarecall.platform.http.Page;
import org.datarecall.platform.http.ProblemException;
import org.datarecall.platform.http.Roles;
import org.datarecall.platform.http.Violations;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/cases/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class CaseResource {

    @Inject
    CaseService service;

    @Inject
    NoticeQueries notices;

    @Inject
    SecurityIdentity identity;

    @Inject
    ObjectMapper mapper;

    @Inject
    AccessFactsQuery access;

    @Inject
    Clock clock;

    @GET
    @RolesAllowed({ Roles.MANAGER, Roles.AUDITOR, Roles.VIEWER })
    public RestResponse<CaseView> get(@PathParam("id") String id) {
        CaseRecord c = found(id);
        return RestResponse.ResponseBuilder.ok(CaseView.of(c, access.of(c.id()), clock.instant()))
                .tag(new EntityTag(Long.toString(c.version()))).build();
    }

    @GET
    @Path("events")
    @RolesAllowed({ Roles.MANAGER, Roles.AUDITOR, Roles.VIEWER })
    public Page<EventView> events(@PathParam("id") String id, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        checkLimit(limit);
        Page<StoredEvent> page = service.history(found(id), cursor, limit);
        return new Page<>(page.items().stream().map(e -> EventView.of(e, mapper)).toList(), page.nextCursor());
    }

    @GET
    @Path("notices")
    @RolesAllowed({ Roles.MANAGER, Roles.AUDITOR, Roles.VIEWER })
    public Page<NoticeView> notices(@PathParam("id") String id) {
        return new Page<>(notices.ofCase(found(id).id()), null);
    }

    /**
     * Takes a staff action. The body is read as a tree first so that each action can check its own
     * shape; {@code If-Match} (the case's ETag) guards against acting on a case that moved on.
     */
    @POST
    @Path("actions/{action}")
    @RolesAllowed({ Roles.MANAGER, Roles.AUDITOR, Roles.VIEWER })
    public RestResponse<CaseView> act(@PathParam("id") String id, @PathParam("action") String actionName,
            @HeaderParam("If-Match") String ifMatch, String body) throws JsonProcessingException {
        CaseAction action = CaseAction.fromPathName(actionName)
                .orElseThrow(() -> ProblemException.notFound("action " + actionName));
        UUID caseId = CaseService.caseId(id);
        JsonNode tree = body == null || body.isBlank() ? MissingNode.getInstance() : mapper.readTree(body);
        CaseCommand command = ActionRequest.parse(action, tree, mapper, clock.instant());
        CaseRecord moved = service.act(caseId, action, command, expectedVersion(ifMatch),
                new CaseService.Actor(identity.getPrincipal().getName(), identity.getRoles()));
        return RestResponse.ResponseBuilder.ok(CaseView.of(moved, access.of(moved.id()), clock.instant()))
                .tag(new EntityTag(Long.toString(moved.version()))).build();
    }

    static void checkLimit(int limit) {
        if (limit < 1 || limit > 500) {
            throw Violations.single("limit", "must be between 1 and 500");
        }
    }

    private CaseRecord found(String id) {
        return service.require(id);
    }

    /** {@code If-Match: "7"} (or W/"7", or 7) expects version 7; {@code *} or no header expects nothing. */
    static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            throw new StaleVersion("If-Match must carry the ETag of the case, such as \"3\"");
        }
    }
}
