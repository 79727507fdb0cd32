package org.datarecall.portal;

/**
 * The declaration the signatory confirms on the portal page (the {@code agreed} box). It lives here
 * alone: the page shows this exact text and every attestation records its SHA-256
 * ({@code declarationSha256}), so a later change of wording shows in the record. Change it only
 * knowingly: attestations already stored keep the digest of the wording they were signed under.
 */
public final class SignatoryDeclaration {

    public static final String TEXT = "I confirm that this statement is true and complete, and that I am authorised "
            + "to make it on behalf of the developer named above, as I describe under \"My authority\".";

    public static final String SHA256 = Attestation.sha256(TEXT);

    private SignatoryDeclaration() {
    }
}
