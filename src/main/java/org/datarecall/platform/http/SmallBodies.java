package org.datarecall.platform.http;

import org.datarecall.platform.config.DataRecallConfig;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Reads the small API bodies (JSON, within {@code datarecall.api.max-json-bytes} by their declared
 * length) whole on the I/O thread, before the endpoint's worker thread takes the request. Without
 * this, a blocking endpoint reads its body on the worker, which waits on the I/O thread once per
 * chunk: a handover that cost a fifth of the CPU of an attestation. Uploads and bodies without a
 * declared length still stream, counted by {@link RequestBodyLimit}.
 */
@ApplicationScoped
public class SmallBodies {

    void install(@Observes Router router, DataRecallConfig config) {
        long limit = config.api().maxJsonBytes();
        BodyHandler buffer = BodyHandler.create(false).setBodyLimit(limit);
        router.route("/api/*").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(rc -> {
            if (isSmallBody(rc.request(), limit)) {
                buffer.handle(rc);
            } else {
                rc.next();
            }
        });
    }

    static boolean isSmallBody(HttpServerRequest request, long limit) {
        HttpMethod method = request.method();
        if (method != HttpMethod.POST && method != HttpMethod.PUT && method != HttpMethod.PATCH
                || RequestBodyLimit.isUpload(request.path())) {
            return false;
        }
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            return false;
        }
        try {
            long length = Long.parseLong(declared.trim());
            return length > 0 && length <= limit;
        } catch (NumberFormatException e) {
            return false; // refused as a problem by RequestBodyLimit
        }
    }
}
