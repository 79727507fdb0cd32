package org.datarecall.evidence;

import java.util.List;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ClientProxy;

/** Rotates the running service's checkpoint key, as a restart with new configuration would. */
public final class CheckpointKeysForTests {

    private CheckpointKeysForTests() {
    }

    /** Signs with this key (PKCS#8, base64) from now on; the earlier public keys (X.509, base64) still verify. */
    public static void rotate(String signingKey, List<String> earlierPublicKeys) {
        CheckpointKeys keys = ClientProxy.unwrap(Arc.container().instance(CheckpointKeys.class).get());
        keys.load(signingKey, earlierPublicKeys);
    }
}
