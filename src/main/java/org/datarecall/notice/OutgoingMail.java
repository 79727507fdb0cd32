package org.datarecall.notice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One mail as it leaves: the addresses the reader sees, the envelope sender the relay bounces to,
 * both bodies, the headers that name kind, case and Message-ID, and any attachment.
 */
final class OutgoingMail {

    record Attachment(String name, byte[] content, String contentType) {
    }

    final String from;
    final List<String> to;
    final List<String> cc;
    final String subject;
    final String text;
    final String html;
    final Map<String, String> headers = new LinkedHashMap<>();
    final List<Attachment> attachments = new ArrayList<>();
    String replyTo;
    /** The SMTP {@code MAIL FROM}; null leaves it to the From address. */
    String envelopeFrom;

    OutgoingMail(String from, List<String> to, List<String> cc, String subject, String text, String html) {
        this.from = from;
        this.to = List.copyOf(to);
        this.cc = List.copyOf(cc);
        this.subject = subject;
        this.text = text;
        this.html = html;
    }

    OutgoingMail header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    OutgoingMail attach(String name, byte[] content, String contentType) {
        attachments.add(new Attachment(name, content, contentType));
        return this;
    }

    String messageId() {
        return headers.get("Message-ID");
    }
}
