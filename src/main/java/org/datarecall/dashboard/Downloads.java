package org.datarecall.dashboard;

import java.util.List;

import org.datarecall.casework.CampaignCasesResource;
import org.datarecall.casework.DeveloperImportResource;
import org.datarecall.checkpoint.CheckpointResource;
import org.datarecall.evidence.EvidenceResource;
import org.datarecall.pack.CaseEvidencePackResource;
import org.datarecall.pack.EvidencePackResource;
import org.datarecall.platform.http.CsvCells;
import org.datarecall.platform.http.Roles;
import org.datarecall.platform.http.Violations;
import org.datarecall.portal.CaseEvidenceResource;

import org.jboss.resteasy.reactive.RestForm;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * What the staff pages offer to download, under {@code /dashboard} where the sign-in session serves:
 * the API under {@code /api/v1} does not take the session cookie (see
 * {@link org.datarecall.platform.http.NoSessionOnTheApi}). Each answer is the API's own, with its
 * roles checked as there.
 */
@Path("/dashboard/downloads")
@RolesAllowed({ Roles.MANAGER, Roles.AUDITOR, Roles.VIEWER })
public class Downloads {

    @Inject
    EvidenceResource reports;

    @Inject
    CampaignCasesResource cases;

    @Inject
    EvidencePackResource campaignPacks;

    @Inject
    CaseEvidencePackResource casePacks;

    @Inject
    CheckpointResource checkpoints;

    @Inject
    CaseEvidenceResource files;

    @Inject
    DeveloperImportResource developerImport;

    @GET
    @Path("developers-template.csv")
    @Produces("text/csv; charset=UTF-8")
    public Response developersTemplate() {
        return developerImport.template();
    }

    /** No rejected upload lists more rows than this (datarecall.import.max-reported-errors is far below). */
    static final int MAX_REJECTED_ROWS = 10_000;

    /**
     * The rows a rejected upload listed, as a CSV file to work through in a spreadsheet. The page that
     * listed them posts them back (row, column, message, repeated), so nothing is kept on the server.
     */
    @POST
    @Path("rejected-rows.csv")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces("text/csv; charset=UTF-8")
    public Response rejectedRows(@RestForm("row") List<String> rows, @RestForm("column") List<String> columns,
            @RestForm("message") List<String> messages) {
        List<String> r = rows == null ? List.of() : rows;
        if (columns == null || messages == null || columns.size() != r.size() || messages.size() != r.size()
                || r.size() > MAX_REJECTED_ROWS || messages.stream().anyMatch(m -> m.length() > 2_000)) {
            throw Violations.single("row", "the rejected rows must come as the page lists them");
        }
        StringBuilder csv = new StringBuilder("\uFEFFrow,column,problem\r\n");
        for (int i = 0; i < r.size(); i++) {
            csv.append(CsvCells.cell(r.get(i))).append(',').append(CsvCells.cell(columns.get(i))).append(',')
                    .append(CsvCells.cell(messages.get(i))).append("\r\n");
        }
        return Response.ok(csv.toString())
                .header("Content-Disposition", "attachment; filename=\"rejected-rows.csv\"").build();
    }

    @GET
    @Path("campaigns/{id}/report.csv")
    @Produces("text/csv")
    public Response report(@PathParam("id") String id, @QueryParam("state") String state,
            @QueryParam("riskTier") String riskTier, @QueryParam("overdue") String overdue, @QueryParam("q") String q,
            @QueryParam("finding") String finding, @QueryParam("unreachable") String unreachable,
            @QueryParam("owner") String owner) {
        // The API's file, after a byte order mark: spreadsheet programs then read it as UTF-8, not in the
        // locale's code page (the API's own answer stays plain, for programs). With the campaign page's
        // filters, the cases it lists.
        boolean filtered = java.util.stream.Stream.of(state, riskTier, overdue, q, finding, unreachable, owner)
                .anyMatch(value -> value != null && !value.isBlank());
        Response api = filtered ? cases.csv(id, blankToNull(state), blankToNull(riskTier), blankToNull(overdue),
                blankToNull(q), blankToNull(finding), blankToNull(unreachable), blankToNull(owner)) : reports.report(id);
        StreamingOutput plain = (StreamingOutput) api.getEntity();
        StreamingOutput marked = out -> {
            out.write(UTF8_BYTE_ORDER_MARK);
            plain.write(out);
        };
        return Response.fromResponse(api).entity(marked).build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static final byte[] UTF8_BYTE_ORDER_MARK = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };

    @GET
    @Path("campaigns/{id}/evidence-pack")
    @Produces("application/zip")
    public Response campaignPack(@PathParam("id") String id,
            @QueryParam("certificates") @DefaultValue("true") boolean certificates) {
        return campaignPacks.campaign(id, certificates);
    }

    @GET
    @Path("campaigns/{id}/checkpoints")
    @Produces(MediaType.APPLICATION_JSON)
    public CheckpointResource.CheckpointList checkpoints(@PathParam("id") String id) {
        return checkpoints.list(id);
    }

    @GET
    @Path("cases/{id}/evidence-pack")
    @Produces("application/zip")
    public Response casePack(@PathParam("id") String id) {
        return casePacks.oneCase(id);
    }

    @GET
    @Path("cases/{id}/evidence/{evidenceId}")
    public Response file(@PathParam("id") String id, @PathParam("evidenceId") String evidenceId) {
        return files.download(id, evidenceId);
    }
}
