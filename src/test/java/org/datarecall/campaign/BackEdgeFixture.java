package org.datarecall.campaign;

import org.datarecall.casework.CaseService;

/**
 * A class of a low package that names a higher one: what the dependency rule forbids. It lives in
 * the test tree, so only {@code ArchitectureTest} sees it, to prove the rule would catch it.
 */
final class BackEdgeFixture {

    CaseService service;
}
