package org.datarecall.casework;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignStatus;
import org.datarecall.campaign.UploadFormat;
import org.datarecall.campaign.UploadProblem;
import org.datarecall.job.Job;
import org.datarecall.job.JobKind;
import org.datarecall.job.JobStore;
import org.datarecall.platform.error.DomainError;
import org.datarecall.platform.jdbc.Times;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Takes an import for later ({@code ?async=true}): the job and its upload are stored in one transaction,
 * so an upload cut off midway leaves no job behind. The rows are checked when the job runs.
 */
@ApplicationScoped
public class AsyncImports {

    @Inject
    JobStore jobs;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    public Job accept(Campaign campaign, InputStream body, UploadFormat format, String actor) {
        if (campaign.status() == CampaignStatus.CLOSED) {
            throw new DomainError.Refused("developers cannot be added to a CLOSED campaign");
        }
        return QuarkusTransaction.requiringNew().timeout(3600).call(() -> {
            Job job = jobs.create(JobKind.IMPORT, campaign.id(), actor, request(format), "bytes", null,
                    Times.stored(clock.instant()));
            try {
                long size = jobs.writeUpload(job.id(), body);
                jobs.progress(job.id(), size, 0, 0, 0);
            } catch (IOException e) {
                throw UploadProblem.of(e);
            }
            return jobs.find(job.id()).orElseThrow();
        });
    }

    private String request(UploadFormat format) throws JsonProcessingException {
        return json.writeValueAsString(new ImportJob.Stored(format));
    }
}
