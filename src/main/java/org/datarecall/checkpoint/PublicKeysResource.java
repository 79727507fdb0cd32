package org.datarecall.checkpoint;

import java.util.List;

import org.datarecall.evidence.CheckpointKeys;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The public keys checkpoints are verified with, by key id: public, so anyone can check a signature. */
@Path("/.well-known/datarecall-keys")
@PermitAll
public class PublicKeysResource {

    public record Keys(List<CheckpointKeys.PublicKeyView> keys) {
    }

    @Inject
    CheckpointKeys keys;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Keys keys() {
        return new Keys(keys.publicKeys());
    }
}
