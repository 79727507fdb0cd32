package org.datarecall.campaign;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.datarecall.platform.http.Violations;

/** The body of {@code POST /campaigns}. */
public record CampaignRequest(
        String title,
        String description,
        List<String> dataCategories,
        Instant detectedAt,
        Instant exposureStart,
        Instant exposureEnd,
        PolicyDocument policy) {

    static final int MAX_CATEGORIES = 50;
    static final int MAX_CATEGORY_LENGTH = 200;

    /** Checks every field at once; throws a 400 listing all violations. */
    public Policy check(Instant now) {
        Violations v = new Violations();
        v.requireText("title", title, 200);
        if (description != null && Violations.characters(description) > 10_000) {
            v.add("description", "must be at most 10000 characters");
        }
        if (dataCategories == null || dataCategories.isEmpty()) {
            v.add("dataCategories", "must list 1 to " + MAX_CATEGORIES + " categories");
        } else if (dataCategories.size() > MAX_CATEGORIES) {
            v.add("dataCategories", "must list at most " + MAX_CATEGORIES + " categories");
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < dataCategories.size(); i++) {
                String category = v.requireText("dataCategories[" + i + "]", dataCategories.get(i), MAX_CATEGORY_LENGTH);
                if (category != null && !seen.add(category.trim())) {
                    v.add("dataCategories[" + i + "]", "repeats an earlier category");
                }
            }
        }
        if (detectedAt != null && detectedAt.isAfter(now)) {
            v.add("detectedAt", "must not be in the future");
        }
        if (exposureStart != null && exposureEnd != null && exposureStart.isAfter(exposureEnd)) {
            v.add("exposureEnd", "must not be before exposureStart");
        }
        Policy checked = Policy.from(policy, "policy.", v);
        v.throwIfAny();
        return checked;
    }
}
