package org.datarecall.platform.http;

import java.util.List;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * The API document describes the API: the JSON under {@code /api/v1} and the public keys under
 * {@code /.well-known}. The HTML pages (staff pages, the developer's page, sign-in) are resources too, and
 * would otherwise be scanned into it as operations a client generator turns into methods.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class PagesOutOfTheApiDocument implements OASFilter {

    static final List<String> API = List.of("/api/", "/.well-known/");

    @Override
    public void filterOpenAPI(OpenAPI api) {
        if (api.getPaths() == null || api.getPaths().getPathItems() == null) {
            return;
        }
        List.copyOf(api.getPaths().getPathItems().keySet()).stream()
                .filter(path -> API.stream().noneMatch(path::startsWith))
                .forEach(api.getPaths()::removePathItem);
    }
}
