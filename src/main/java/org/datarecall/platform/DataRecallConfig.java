package org.datarecall.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** The service's own settings (prefix {@code datarecall}); every key is documented in the README. */
@ConfigMapping(prefix = "datarecall")
public interface DataRecallConfig {

    /** Where developers reach the service; their personal links start with it. */
    @WithDefault("http://localhost:8080")
    String baseUrl();

    Api api();

    @WithName("import")
    Import importing();

    interface Api {
        /** The largest JSON body accepted; larger ones get 413. */
        @WithDefault("1048576")
        long maxJsonBytes();
    }

    interface Import {
        /** The largest developer upload accepted (CSV or JSON); larger ones get 413. */
        @WithDefault("1073741824")
        long maxBytes();

        /** How many bad rows an import rejection lists at most; the total is always given. */
        @WithDefault("1000")
        int maxReportedErrors();
    }
}
