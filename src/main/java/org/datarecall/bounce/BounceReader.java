package org.datarecall.bounce;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.datarecall.notice.Verp;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/**
 * Reads a message from the bounce mailbox. An RFC 3464 delivery status notification
 * ({@code multipart/report; report-type=delivery-status}) gives the recipient, the status and the
 * diagnostic of each failed recipient; only {@code Action: failed} is a bounce (a delay is not). A
 * plain-text bounce gives what its text says. The notice comes from the VERP address the bounce was
 * sent to, or, failing that, any VERP address inside it (the returned headers' {@code Return-Path}), or,
 * when a relay rewrote the envelope sender, the returned mail's {@code Message-ID} ({@code <noticeId@domain>}).
 */
final class BounceReader {

    /** How much of a message is read at most: bounces are small, and a huge one must not fill the heap. */
    private static final int MAX_BYTES = 1 << 20;

    private static final Pattern STATUS = Pattern.compile("\\b([45]\\.\\d{1,3}\\.\\d{1,3})\\b");
    private static final Pattern SMTP_REPLY = Pattern.compile("(?m)^\\s*([45]\\d\\d[ -].{3,300})$");
    /** Our own Message-ID (the notice id), among the returned headers of a report that lost the VERP address. */
    private static final Pattern RETURNED_MESSAGE_ID = Pattern.compile(
            "(?im)^Message-ID:\\s*<([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@");
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"';:,]+@[^\\s<>\"';:,]+\\.[A-Za-z]{2,}");

    private BounceReader() {
    }

    /** What a message is: a bounce of one of our notices, or not (anything else in the mailbox). */
    static Optional<Bounce> read(MimeMessage message) throws MessagingException, IOException {
        Optional<UUID> notice = Optional.empty();
        for (String header : new String[] { "Delivered-To", "X-Original-To", "Envelope-To", "To" }) {
            String[] values = message.getHeader(header);
            if (values != null && notice.isEmpty()) {
                notice = Verp.noticeIn(String.join(" ", values));
            }
        }
        Map<String, String> status = null;
        String text = "";
        if (message.isMimeType("multipart/*")) {
            Multipart parts = (Multipart) message.getContent();
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart part = parts.getBodyPart(i);
                String body = raw(part);
                if (part.isMimeType("message/delivery-status") || part.isMimeType("message/global-delivery-status")) {
                    status = recipientFields(body);
                }
                all.append(body).append('\n');
            }
            text = all.toString();
        } else {
            text = raw(message);
        }
        if (notice.isEmpty()) {
            notice = Verp.noticeIn(text);
        }
        if (notice.isEmpty()) {
            Matcher header = RETURNED_MESSAGE_ID.matcher(text);
            if (header.find()) {
                notice = Optional.of(UUID.fromString(header.group(1).toLowerCase(Locale.ROOT)));
            }
        }
        if (notice.isEmpty()) {
            return Optional.empty();
        }
        if (status != null) {
            String action = status.getOrDefault("action", "failed").toLowerCase(Locale.ROOT);
            if (!action.startsWith("failed")) {
                return Optional.empty();
            }
            return Optional.of(new Bounce(notice.get(), address(status.get("final-recipient")),
                    statusCode(status.get("status")), clip(status.get("diagnostic-code"))));
        }
        // An out-of-office answer goes to the envelope sender too (RFC 3834): the mail arrived. (Mail systems
        // mark their bounces as automatic too, so the mark counts only from someone else.)
        if (automaticReply(message) && !fromMailSystem(message)) {
            return Optional.empty();
        }
        // A plain bounce counts only when it says the delivery failed for good: a 5.x.x status or a 5xx
        // reply. A delay warning (4.x.x) or any other answer sent to the VERP address is no bounce.
        Matcher code = STATUS.matcher(text);
        Matcher reply = SMTP_REPLY.matcher(text);
        String statusCode = code.find() ? code.group(1) : null;
        String replyLine = reply.find() ? reply.group(1).strip() : null;
        boolean permanent = statusCode != null ? statusCode.startsWith("5")
                : replyLine != null && replyLine.startsWith("5");
        if (!permanent) {
            return Optional.empty();
        }
        Matcher address = ADDRESS.matcher(text.replaceAll("(?i)[^\\s<>\"]*\\+[0-9a-f-]{36}@\\S+", ""));
        return Optional.of(new Bounce(notice.get(), address.find() ? address.group() : null,
                statusCode != null ? statusCode : "5.0.0", clip(replyLine)));
    }

    private static boolean fromMailSystem(MimeMessage message) throws MessagingException {
        String from = message.getHeader("From", ",");
        return from != null && from.toLowerCase(Locale.ROOT).matches("(?s).*\\b(mailer-daemon|postmaster)@.*");
    }

    /** RFC 3834's {@code Auto-Submitted}, and the older marks of vacation and list software. */
    static boolean automaticReply(MimeMessage message) throws MessagingException {
        String auto = message.getHeader("Auto-Submitted", ",");
        if (auto != null && !auto.strip().equalsIgnoreCase("no")) {
            return true;
        }
        String precedence = message.getHeader("Precedence", ",");
        if (precedence != null && precedence.strip().toLowerCase(Locale.ROOT).matches("auto_reply|bulk|junk|list")) {
            return true;
        }
        return message.getHeader("X-Autoreply") != null || message.getHeader("X-Autorespond") != null;
    }

    /**
     * The fields of the first failed recipient block of a delivery-status body (RFC 3464 §2): blocks are
     * separated by blank lines, the first is about the message, lines starting with white space continue.
     */
    static Map<String, String> recipientFields(String body) {
        String[] blocks = body.replace("\r\n", "\n").split("\n\\s*\n");
        Map<String, String> first = null;
        for (int b = 1; b < blocks.length; b++) {
            Map<String, String> fields = fields(blocks[b]);
            if (fields.isEmpty()) {
                continue;
            }
            if (first == null) {
                first = fields;
            }
            if (fields.getOrDefault("action", "").toLowerCase(Locale.ROOT).startsWith("failed")) {
                return fields;
            }
        }
        return first != null ? first : blocks.length > 0 ? fields(blocks[0]) : Map.of();
    }

    private static Map<String, String> fields(String block) {
        Map<String, String> fields = new LinkedHashMap<>();
        String name = null;
        for (String line : block.split("\n")) {
            if (!line.isEmpty() && Character.isWhitespace(line.charAt(0)) && name != null) {
                fields.merge(name, " " + line.strip(), String::concat);
            } else {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                    fields.put(name, line.substring(colon + 1).strip());
                }
            }
        }
        return fields;
    }

    /** {@code rfc822; dev@example.org} → {@code dev@example.org}. */
    private static String address(String field) {
        if (field == null) {
            return null;
        }
        int semicolon = field.indexOf(';');
        return clip(semicolon >= 0 ? field.substring(semicolon + 1).strip() : field.strip());
    }

    private static String statusCode(String field) {
        if (field == null) {
            return "5.0.0";
        }
        Matcher m = STATUS.matcher(field);
        return m.find() ? m.group(1) : clip(field.strip());
    }

    private static String clip(String text) {
        if (text == null) {
            return null;
        }
        String flat = text.replaceAll("[\\r\\n\\t]+", " ").strip();
        return flat.length() > 500 ? flat.substring(0, 500) : flat;
    }

    /** A part's decoded bytes as text, at most {@link #MAX_BYTES}. */
    private static String raw(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while (out.size() < MAX_BYTES && (n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
