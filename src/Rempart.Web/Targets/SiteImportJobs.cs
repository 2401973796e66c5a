using System.Collections.Concurrent;
using Rempart.Core.Access;
using Rempart.Core.Targets;

namespace Rempart.Web.Targets;

/// <summary>An import running in the background, as its page shows it.</summary>
public sealed class SiteImportJob
{
    public Guid Id { get; } = Guid.NewGuid();

    public required Guid UserId { get; init; }

    public required string Engagement { get; init; }

    public required string File { get; init; }

    public DateTimeOffset StartedAt { get; init; } = DateTimeOffset.UtcNow;

    private volatile SiteImportProgress? progress;

    public SiteImportProgress? Progress { get => progress; set => progress = value; }

    public SiteImportResult? Result { get; set; }

    public SiteImportException? Refused { get; set; }

    /// <summary>Another expected refusal (bad header, no clearance), as a message code and arguments in Core's messages.</summary>
    public Exception? Failed { get; set; }

    public bool Done => Result is not null || Refused is not null || Failed is not null;
}

/// <summary>
/// Runs site imports started from the page in the background, so the page can show progress on a slow
/// connection (it reloads itself every two seconds, without script). The uploaded file is copied to a temporary
/// file first and deleted at the end. Jobs are kept for an hour and are visible only to who started them.
/// </summary>
public sealed class SiteImportJobs(IServiceScopeFactory scopes, ILogger<SiteImportJobs> logger)
{
    private readonly ConcurrentDictionary<Guid, SiteImportJob> jobs = new();

    public SiteImportJob? Find(Guid id, Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        Sweep();
        return jobs.TryGetValue(id, out var job) && job.UserId == viewer.UserId ? job : null;
    }

    public async Task<SiteImportJob> StartAsync(Viewer viewer, string engagement, IFormFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(file);
        var path = Path.Combine(Path.GetTempPath(), "rempart-sites-" + Guid.NewGuid().ToString("N") + Path.GetExtension(file.FileName));
        await using (var target = File.Create(path))
        {
            await file.CopyToAsync(target, cancellationToken);
        }

        var job = new SiteImportJob { UserId = viewer.UserId, Engagement = engagement, File = Path.GetFileName(file.FileName) };
        jobs[job.Id] = job;
        _ = Task.Run(async () =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var sites = scope.ServiceProvider.GetRequiredService<SiteService>();
                await using var stream = File.OpenRead(path);
                job.Result = await sites.ImportAsync(viewer, engagement, stream, job.File, new Progress(job));
            }
            catch (SiteImportException e)
            {
                job.Refused = e;
            }
            catch (Exception e) when (Messages.IsExpected(e))
            {
                job.Failed = e;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Site import {Job} failed", job.Id);
                job.Failed = e;
            }
            finally
            {
                File.Delete(path);
            }
        }, CancellationToken.None);
        return job;
    }

    private void Sweep()
    {
        foreach (var (id, job) in jobs)
        {
            if (job.Done && job.StartedAt < DateTimeOffset.UtcNow.AddHours(-1))
            {
                jobs.TryRemove(id, out _);
            }
        }
    }

    private sealed class Progress(SiteImportJob job) : IProgress<SiteImportProgress>
    {
        public void Report(SiteImportProgress value) => job.Progress = value;
    }
}
