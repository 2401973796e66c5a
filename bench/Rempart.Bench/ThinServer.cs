using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Rempart.Bench;

/// <summary>
/// The thinnest answer save an HTTP API can make, as a bound on what any implementation of Rempart's save could reach:
/// the raw ceiling's own two statements (the UPDATE guarded by the concurrency stamp, the INSERT of the revision) run
/// behind Kestrel, with the same request and response bodies and paths as the app, on the same database. It does
/// none of what the app must do on every save: no authentication, no authorization, no validation, no read of the
/// answer, no audit record. Started by <c>rempart-bench answers</c> as its own process, measured with the same clients.
/// </summary>
internal static class ThinServer
{
    private const string UpdateSql = """
        UPDATE "Answers" SET "Level" = @level, "NotApplicable" = FALSE, "NotApplicableReason" = NULL, "Comment" = @comment, "EvidenceReference" = NULL,
            "Revision" = "Revision" + 1, "UpdatedAt" = @at, "Channel" = 'Web', "Source" = NULL, "ConcurrencyStamp" = @stamp
        WHERE "Id" = @id AND "ConcurrencyStamp" = @expected
        """;

    private const string InsertSql = """
        INSERT INTO "AnswerRevisions" ("Id", "AnswerId", "Revision", "At", "By", "Channel", "Source", "Level", "NotApplicable", "NotApplicableReason", "Comment", "EvidenceReference")
        SELECT @id, "Id", "Revision", "UpdatedAt", "UpdatedBy", 'Web', NULL, "Level", "NotApplicable", NULL, "Comment", NULL FROM "Answers" WHERE "Id" = @answer
        """;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Tuned = [];

    private sealed record SaveBody(int? Level, string? Comment, Guid? ExpectedStamp);

    /// <summary><c>rempart-bench thin-server --provider P --db CONNECTION --port N</c>: serves until stopped.</summary>
    public static async Task<int> ServeAsync(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        var sqlite = values.GetValueOrDefault("provider") == "Sqlite";
        var database = values.GetValueOrDefault("db") ?? throw new BenchException("thin-server: --db is required.");
        var port = values.GetValueOrDefault("port") ?? throw new BenchException("thin-server: --port is required.");
        var ids = new ConcurrentDictionary<(string Engagement, string Entity, string Question), object>();

        DbConnection Open()
        {
            DbConnection connection = sqlite ? new SqliteConnection(database) : new NpgsqlConnection(database);
            connection.Open();
            // As the app does for each SQLite handle: a writer waits for the lock inside SQLite, not in the driver's 150 ms sleeps.
            if (connection is SqliteConnection { Handle: { } handle } && Tuned.TryAdd(handle, handle))
            {
                using var pragma = connection.CreateCommand();
                pragma.CommandText = "PRAGMA busy_timeout = 10000;";
                pragma.ExecuteNonQuery();
            }

            return connection;
        }

        object Key(Guid id) => Stored.Id(id, sqlite);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:" + port);
        var app = builder.Build();

        // The stamps the clients start from (and read again after a failure), in the app's response shape.
        app.MapGet("/api/v1/engagements/{engagement}/assignments/{entity}", async (string engagement, string entity, HttpResponse response) =>
        {
            await using var connection = Open();
            await using var command = Command(connection, """
                SELECT a."QuestionId", a."ConcurrencyStamp" FROM "Answers" a JOIN "NationalEntities" e ON e."Id" = a."EntityId" JOIN "Engagements" g ON g."Id" = a."EngagementId"
                WHERE g."Code" = @code AND e."Acronym" = @entity
                """, ("code", engagement), ("entity", entity));
            await using var reader = await command.ExecuteReaderAsync();
            await using var json = new Utf8JsonWriter(response.Body);
            response.ContentType = "application/json";
            json.WriteStartObject();
            json.WriteStartObject("assignment");
            json.WriteBoolean("isOpen", true);
            json.WriteEndObject();
            json.WriteStartArray("items");
            while (await reader.ReadAsync())
            {
                json.WriteStartObject();
                json.WriteStartObject("answer");
                json.WriteString("questionId", reader.GetString(0));
                json.WriteString("concurrencyStamp", Stored.Read(reader.GetValue(1)));
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });

        app.MapPut("/api/v1/engagements/{engagement}/assignments/{entity}/answers/{question}", async (string engagement, string entity, string question, SaveBody body) =>
        {
            await using var connection = Open();
            // The answer's id, looked up once per answer and then kept: the thinnest save reads nothing.
            if (!ids.TryGetValue((engagement, entity, question), out var id))
            {
                await using var find = Command(connection, """
                    SELECT a."Id" FROM "Answers" a JOIN "NationalEntities" e ON e."Id" = a."EntityId" JOIN "Engagements" g ON g."Id" = a."EngagementId"
                    WHERE g."Code" = @code AND e."Acronym" = @entity AND a."QuestionId" = @question
                    """, ("code", engagement), ("entity", entity), ("question", question));
                id = await find.ExecuteScalarAsync() ?? throw new BenchException($"thin-server: no answer row for {entity}/{question}.");
                ids[(engagement, entity, question)] = id;
            }

            var stamp = Guid.CreateVersion7();
            var at = Stored.Now(sqlite);
            await using var transaction = await connection.BeginTransactionAsync();
            await using var update = Command(connection, UpdateSql, ("level", body.Level ?? 2), ("comment", body.Comment ?? ""), ("at", at), ("stamp", Key(stamp)), ("id", id),
                ("expected", Key(body.ExpectedStamp ?? Guid.Empty)));
            update.Transaction = transaction;
            if (await update.ExecuteNonQueryAsync() != 1)
            {
                return Results.Conflict();
            }

            await using var insert = Command(connection, InsertSql, ("id", Key(Guid.CreateVersion7())), ("answer", id));
            insert.Transaction = transaction;
            await insert.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            return Results.Json(new { answer = new { concurrencyStamp = stamp }, changed = true });
        });

        await app.RunAsync();
        return 0;
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            Stored.Add(command, name, value);
        }

        return command;
    }

    /// <summary>Starts this program as a thin server on a free port, with the web app's server GC, and waits until it answers.</summary>
    public static async Task<(Process Process, Uri Url)> StartAsync(Options options, int port)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { typeof(ThinServer).Assembly.Location, "thin-server", "--provider", options.Provider, "--db", options.Database, "--port", port.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_gcServer"] = "1";
        var process = Process.Start(start) ?? throw new BenchException("could not start the thin server.");
        // Both streams drained as they come, so that the server never blocks on a full pipe; its errors kept to report.
        var errors = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) =>
        {
            lock (errors)
            {
                errors.AppendLine(line.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var url = new Uri("http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture));
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; attempt < 120; attempt++)
        {
            try
            {
                using var response = await http.GetAsync($"/api/v1/engagements/{Uri.EscapeDataString(options.Engagement)}/assignments/{Uri.EscapeDataString(options.Entities[0])}");
                if (response.IsSuccessStatusCode)
                {
                    return (process, url);
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited)
            {
                await process.WaitForExitAsync();
                lock (errors)
                {
                    throw new BenchException("the thin server stopped: " + errors);
                }
            }

            await Task.Delay(250);
        }

        process.Kill(entireProcessTree: true);
        throw new BenchException("the thin server did not answer within 30 s.");
    }
}
