package org.datarecall.dashboard;

import java.util.Set;

import org.datarecall.casework.ActionRequest;
import org.datarecall.casework.domain.CaseAction;
import org.datarecall.platform.http.Roles;

/** Who is looking at a page, and the CSRF token its forms carry. */
public record Staff(String name, Set<String> roles, String csrf) {

    public boolean isManager() {
        return roles.contains(Roles.MANAGER);
    }

    public String role() {
        return isManager() ? Roles.MANAGER : roles.contains(Roles.AUDITOR) ? Roles.AUDITOR : Roles.VIEWER;
    }

    /** Managers and auditors act on many cases at once (auditors: only what they may do on one). */
    public boolean isBulkActor() {
        return roles.contains(Roles.MANAGER) || roles.contains(Roles.AUDITOR);
    }

    public boolean may(CaseAction action) {
        return ActionRequest.rolesFor(action).stream().anyMatch(roles::contains);
    }
}
