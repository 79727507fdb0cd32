package org.datarecall.dashboard;

/** The staff-page helpers of {@link DashboardTest}, for tests of other packages. */
public final class DashboardTestAccess {

    private DashboardTestAccess() {
    }

    /** Signs in through the form; answers the session cookie. */
    public static String signIn(String user) {
        return DashboardTest.signIn(user);
    }

    /** A page's HTML, as the signed-in browser gets it (200 asserted). */
    public static String open(String session, String path) {
        return DashboardTest.open(session, path).html();
    }
}
