package org.datarecall.webhook;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * An answer's body as text, read up to a number of bytes and no further: a platform that answers an
 * enforcement call with megabytes costs the sender no more than the part that is kept.
 */
final class CappedText implements HttpResponse.BodySubscriber<String> {

    private final int max;
    private final ByteArrayOutputStream read = new ByteArrayOutputStream();
    private final CompletableFuture<String> text = new CompletableFuture<>();
    private Flow.Subscription subscription;

    private CappedText(int max) {
        this.max = max;
    }

    static CappedText of(int max) {
        return new CappedText(max);
    }

    @Override
    public CompletionStage<String> getBody() {
        return text;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        for (ByteBuffer item : items) {
            int take = Math.min(item.remaining(), max - read.size());
            byte[] bytes = new byte[take];
            item.get(bytes);
            read.writeBytes(bytes);
        }
        if (read.size() >= max) {
            subscription.cancel();
            finish();
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onError(Throwable failure) {
        text.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        finish();
    }

    private void finish() {
        // A cut may split a character: the decoder replaces the broken end.
        text.complete(new String(read.toByteArray(), StandardCharsets.UTF_8));
    }
}
