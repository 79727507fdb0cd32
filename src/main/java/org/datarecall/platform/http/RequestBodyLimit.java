package org.datarecall.platform.http;

import org.datarecall.platform.config.DataRecallConfig;

import java.util.regex.Pattern;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Caps request bodies before anything reads them: JSON bodies at {@code datarecall.api.max-json-bytes},
 * developer uploads at {@code datarecall.import.max-bytes}, evidence files at
 * {@code datarecall.evidence.max-bytes} (the portal page's multipart form with room for its
 * envelope; the file inside is counted again as it is stored). Bodies that announce their length
 * are refused at once; chunked bodies are counted as they are read.
 */
public class RequestBodyLimit {

    /** Uploads: developers (the API's and the staff page's), access records and revocations. */
    private static final Pattern IMPORT_PATH = Pattern.compile(
            "^/(api/v1|dashboard)/campaigns/[^/]+/(developers|access-records|revocations)/?$");

    /** Evidence files: the API's raw body and the portal page's form. */
    private static final Pattern EVIDENCE_PATH = Pattern.compile("^/api/v1/portal/evidence/?$");
    private static final Pattern EVIDENCE_FORM_PATH = Pattern.compile("^/attest/[^/]+/evidence/?$");

    /** What a multipart form adds around the file: boundaries, part headers, a long file name. */
    static final long FORM_ENVELOPE = 64 * 1024;

    @Inject
    DataRecallConfig config;

    /** Whether a path takes uploads (developers, evidence files), which have their own limits and stream. */
    static boolean isUpload(String path) {
        return IMPORT_PATH.matcher(path).matches() || EVIDENCE_PATH.matcher(path).matches()
                || EVIDENCE_FORM_PATH.matcher(path).matches();
    }

    static long limitFor(String path, DataRecallConfig config) {
        if (IMPORT_PATH.matcher(path).matches()) {
            return config.importing().maxBytes();
        }
        if (EVIDENCE_PATH.matcher(path).matches()) {
            return config.evidence().maxBytes();
        }
        if (EVIDENCE_FORM_PATH.matcher(path).matches()) {
            return config.evidence().maxBytes() + FORM_ENVELOPE;
        }
        return config.api().maxJsonBytes();
    }

    @ServerRequestFilter(preMatching = true)
    public void limit(ContainerRequestContext request) {
        long limit = limitFor(request.getUriInfo().getPath(), config);
        String declared = request.getHeaderString("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > limit) {
                    throw ProblemException.tooLarge(limit);
                }
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("Content-Length is not a number");
            }
        } else if (request.hasEntity()) {
            request.setEntityStream(new CountingInputStream(request.getEntityStream(), read -> {
                if (read > limit) {
                    throw ProblemException.tooLarge(limit); // fails the read that crosses the limit
                }
            }));
        }
    }
}
