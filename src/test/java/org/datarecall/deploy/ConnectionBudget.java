package org.datarecall.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The connections the service may open against the PostgreSQL the manifests run (a CloudNativePG
 * Cluster), and whether they fit:
 *
 * <pre>
 *   (HPA maxReplicas + the rollout's maxSurge) x pool   every replica at once, one more while rolling out
 * + (Job's pool + Flyway's own 2)                        the migration Job, which may run meanwhile
 * + headroom                                             the operator's instance manager, its pooler's
 *                                                        auth lookups, a person with psql
 * <= max_connections - superuser_reserved_connections
 * </pre>
 *
 * With a Pooler in session mode each client connection still holds a server connection, so the same
 * clients must also fit in its server pools, and those pools (what PostgreSQL then sees) in
 * max_connections.
 */
record ConnectionBudget(int maxReplicas, int surge, int pool, int jobConnections, int maxConnections,
        int superuserReserved, Optional<Pooler> pooler) {

    static final int HEADROOM = 10;
    static final int FLYWAY_CONNECTIONS = 2;

    /** A PgBouncer Pooler: instances, server connections each, clients each. */
    record Pooler(String mode, int instances, int serverConnections, int maxClients) {

        int capacity() {
            return instances * serverConnections;
        }
    }

    /**
     * The budget of a rendering with a CloudNativePG Cluster, for the Deployment its autoscaler scales
     * (or, without one, the Deployment's own count); empty without a Cluster.
     */
    static Optional<ConnectionBudget> of(List<JsonNode> objects) {
        Optional<JsonNode> cluster = Manifests.find(objects, "Cluster");
        if (cluster.isEmpty()) {
            return Optional.empty();
        }
        Optional<JsonNode> hpa = Manifests.find(objects, "HorizontalPodAutoscaler");
        JsonNode deployment = hpa.flatMap(h -> Manifests.named(objects, "Deployment",
                h.path("spec").path("scaleTargetRef").path("name").asText()))
                .orElseGet(() -> Manifests.one(objects, "Deployment"));
        int maxReplicas = hpa.map(h -> h.path("spec").path("maxReplicas").asInt())
                .orElse(deployment.path("spec").path("replicas").asInt(1));
        int pool = Manifests.settings(objects, deployment).integer("quarkus.datasource.jdbc.max-size");
        int job = Manifests.find(objects, "Job")
                .map(j -> Manifests.settings(objects, j).integer("quarkus.datasource.jdbc.max-size") + FLYWAY_CONNECTIONS)
                .orElse(0);
        Optional<Pooler> pooler = Manifests.find(objects, "Pooler").map(p -> {
            JsonNode bouncer = p.path("spec").path("pgbouncer");
            JsonNode settings = bouncer.path("parameters");
            // PgBouncer's own defaults for what the Pooler does not set.
            return new Pooler(bouncer.path("poolMode").asText("session"), p.path("spec").path("instances").asInt(1),
                    settings.path("default_pool_size").asInt(20) + settings.path("reserve_pool_size").asInt(0),
                    settings.path("max_client_conn").asInt(100));
        });
        // PostgreSQL's own defaults for what the Cluster does not set.
        JsonNode parameters = cluster.get().path("spec").path("postgresql").path("parameters");
        return Optional.of(new ConnectionBudget(maxReplicas, surge(deployment, maxReplicas), pool, job,
                parameters.path("max_connections").asInt(100),
                parameters.path("superuser_reserved_connections").asInt(3), pooler));
    }

    /** Pods above maxReplicas while a rollout runs: maxSurge, a count or a share rounded up (default 25 %). */
    private static int surge(JsonNode deployment, int replicas) {
        String surge = deployment.path("spec").path("strategy").path("rollingUpdate").path("maxSurge").asText("25%");
        if (surge.endsWith("%")) {
            return (int) Math.ceil(replicas * Integer.parseInt(surge.substring(0, surge.length() - 1)) / 100.0);
        }
        return Integer.parseInt(surge);
    }

    /** What the service's pools may open together. */
    int clients() {
        return (maxReplicas + surge) * pool + jobConnections;
    }

    /** Connections PostgreSQL lets roles other than superusers open. */
    int available() {
        return maxConnections - superuserReserved;
    }

    /** Every way the budget does not add up; empty when it does. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        String sum = "(" + maxReplicas + " replicas + " + surge + " surging) x " + pool + " + the Job's " + jobConnections
                + " = " + clients() + " connections";
        if (clients() + HEADROOM > available()) {
            problems.add(sum + ", with " + HEADROOM + " to spare, exceed max_connections " + maxConnections
                    + " less " + superuserReserved + " reserved for superusers");
        }
        pooler.ifPresent(p -> {
            if (!p.mode().equals("session")) {
                problems.add("the Pooler runs in " + p.mode() + " mode: the service keeps session advisory locks "
                        + "across transactions, which only session mode keeps on one server connection");
            }
            if (clients() > p.capacity()) {
                problems.add(sum + " exceed the Pooler's " + p.instances() + " x " + p.serverConnections()
                        + " server connections (session mode: every open client holds one)");
            }
            if (clients() > p.maxClients()) {
                problems.add(sum + " exceed max_client_conn " + p.maxClients() + " of one Pooler instance");
            }
            if (p.capacity() + HEADROOM > available()) {
                problems.add("the Pooler's " + p.capacity() + " server connections, with " + HEADROOM
                        + " to spare, exceed max_connections " + maxConnections + " less " + superuserReserved);
            }
        });
        return problems;
    }
}
