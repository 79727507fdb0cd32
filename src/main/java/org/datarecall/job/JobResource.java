package org.datarecall.job;

import java.util.List;
import java.util.UUID;

import org.datarecall.platform.error.DomainError;
import org.datarecall.platform.http.Cursors;
import org.datarecall.platform.http.Page;
import org.datarecall.platform.http.Roles;
import org.datarecall.platform.http.Violations;
import org.datarecall.platform.jdbc.Ids;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /jobs/{id}}: where a job is; {@code GET /jobs/{id}/errors}: what it could not do. */
@Path("/api/v1/jobs/{id}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.MANAGER, Roles.AUDITOR, Roles.VIEWER })
public class JobResource {

    /** A job id that names no job (or is no id at all). */
    public static final class JobNotFound extends DomainError.NotFound {
        public JobNotFound(Object id) {
            super("job " + id);
        }
    }

    @Inject
    JobStore jobs;

    @GET
    public JobView get(@PathParam("id") String id) {
        return JobView.of(require(jobs, id));
    }

    @GET
    @Path("errors")
    public Page<JobError> errors(@PathParam("id") String id, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        Job job = require(jobs, id);
        if (limit < 1 || limit > 1000) {
            throw Violations.single("limit", "must be between 1 and 1000");
        }
        String after = Cursors.decode(cursor);
        long afterN;
        try {
            afterN = after == null ? 0 : Long.parseLong(after);
        } catch (NumberFormatException e) {
            throw Violations.single("cursor", "is not a cursor this list gave");
        }
        List<JobError> rows = jobs.errors(job.id(), afterN, limit + 1);
        boolean more = rows.size() > limit;
        List<JobError> items = more ? rows.subList(0, limit) : rows;
        return new Page<>(items, more ? Cursors.encode(Long.toString(items.getLast().n())) : null);
    }

    /** The job a path names; an unknown id and one that is not a UUID are both 404. */
    public static Job require(JobStore jobs, String pathId) {
        UUID id = Ids.parseOr(pathId, JobNotFound::new);
        return jobs.find(id).orElseThrow(() -> new JobNotFound(pathId));
    }
}
