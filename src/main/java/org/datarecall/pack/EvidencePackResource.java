package org.datarecall.pack;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;

import org.datarecall.campaign.CampaignService;
import org.datarecall.platform.http.Roles;
import org.jboss.logging.Logger;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/** The evidence pack of a campaign, for any staff role. */
@Path("/api/v1/campaigns/{id}/evidence-pack")
@RolesAllowed({ Roles.MANAGER, Roles.AUDITOR, Roles.VIEWER })
public class EvidencePackResource {

    static final String ZIP = "application/zip";
    private static final Logger LOG = Logger.getLogger(EvidencePackResource.class);

    @Inject
    CampaignService campaigns;

    @Inject
    EvidencePack pack;

    /** {@code certificates=false} leaves the PDF certificates out (they are most of a large pack's time). */
    @GET
    @Produces(ZIP)
    public Response campaign(@PathParam("id") String id,
            @QueryParam("certificates") @DefaultValue("true") boolean certificates) {
        UUID campaignId = campaigns.require(id).id();
        return zip(pack, new EvidencePack.Scope(campaignId, null, certificates), "campaign-" + campaignId);
    }

    /**
     * A client that goes away mid-pack is no error of the service: the snapshot's transaction has rolled
     * back by then, and nothing is left to answer, so it is logged as what it is.
     */
    static Response zip(EvidencePack pack, EvidencePack.Scope scope, String name) {
        StreamingOutput body = out -> {
            ClientStream client = new ClientStream(out);
            try {
                pack.write(scope, client);
            } catch (RuntimeException e) {
                if (!client.broken) {
                    throw e;
                }
                LOG.infof("%s-evidence-pack.zip: the client went away after %,d bytes", name, client.written);
            }
        };
        return Response.ok(body, ZIP)
                .header("Content-Disposition", "attachment; filename=\"" + name + "-evidence-pack.zip\"")
                .build();
    }

    /** The response body, noting whether a write to the client failed. */
    private static final class ClientStream extends FilterOutputStream {
        boolean broken;
        long written;

        ClientStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] { (byte) b }, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
                written += len;
            } catch (IOException e) {
                broken = true;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                broken = true;
                throw e;
            }
        }
    }
}
