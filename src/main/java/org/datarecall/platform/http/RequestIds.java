package org.datarecall.platform.http;

import org.datarecall.platform.jdbc.Ids;

import java.util.regex.Pattern;

import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

/**
 * Gives every request an id that its log lines carry ({@code requestId} in the MDC, shown by the
 * text format and included by the JSON format) and that the answer returns as {@code X-Request-Id}.
 * A caller's own {@code X-Request-Id} is kept when it is a sane token. Traces are OpenTelemetry's
 * (quarkus-opentelemetry): a caller's W3C {@code traceparent} is joined, and the log lines carry
 * {@code traceId} and {@code spanId} beside the request id. New ids are
 * time-ordered UUIDs from {@link Ids} (per-thread generators; {@code java.util.UUID.randomUUID()} shares one).
 */
public class RequestIds {

    static final String HEADER = "X-Request-Id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    @ServerRequestFilter(preMatching = true)
    public void tag(ContainerRequestContext request) {
        String given = request.getHeaderString(HEADER);
        String id = given != null && SANE.matcher(given).matches() ? given : Ids.newId().toString();
        request.setProperty(HEADER, id);
        MDC.put("requestId", id);
    }

    @ServerResponseFilter
    public void answer(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(HEADER);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id);
        }
    }
}
