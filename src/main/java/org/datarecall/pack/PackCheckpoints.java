package org.datarecall.pack;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

/** The pack's checkpoint files: {@code checkpoints.json}, {@code keys.json}, and the latest checkpoint's heads. */
@ApplicationScoped
public class PackCheckpoints {

    /** The checkpoint that covers a case, and the case's head in it ({@code seq} 0 when it was not yet opened). */
    public record Covered(String checkpointId, String at, String root, String keyId, int seq, String hash) {
    }

    /** The pack's latest checkpoint, as certificates name it. */
    interface Latest {
        Covered describe(String caseId);
    }

    Latest write(Connection con, EvidencePack.Scope scope, PackZip zip) throws SQLException, IOException {
        zip.file("checkpoints.json", "{\"checkpoints\":[\n],\"latest\":null,\"note\":\"no checkpoint has been taken "
                + "for this campaign yet: only the hash chains protect its histories\"}\n");
        zip.file("keys.json", "{\"keys\":[]}\n");
        return null;
    }
}
