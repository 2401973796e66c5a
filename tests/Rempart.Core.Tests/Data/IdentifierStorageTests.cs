using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Data;
using Rempart.Core.Data.Migrations.Sqlite;
using Rempart.Core.Tests.Questionnaires;

namespace Rempart.Core.Tests.Data;

/// <summary>
/// On SQLite identifiers are stored as their 16 bytes, big-endian (ADR 0013); databases written before, with
/// identifiers as text, are rewritten by the migration GuidsAsBytes without losing a value or a reference.
/// </summary>
public sealed class IdentifierStorageTests
{
    private const string Before = "20261130141212_SitesPartialIndexes";

    private static void SqliteOnly()
    {
        if (TestDatabase.ProviderUnderTest != DatabaseProvider.Sqlite)
        {
            Assert.Skip("SQLite only: PostgreSQL stores identifiers as uuid.");
        }
    }

    [Fact]
    public async Task Identifiers_are_stored_as_sixteen_bytes_in_the_order_of_their_text()
    {
        SqliteOnly();
        await using var world = await DemoWorld.CreateAsync();
        var (id, stored) = await world.With(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var engagement = await db.Engagements.SingleAsync(e => e.Code == "CIV-2024");
            await using var command = db.Database.GetDbConnection().CreateCommand();
            await db.Database.OpenConnectionAsync();
            command.CommandText = "SELECT \"Id\" FROM \"Engagements\" WHERE \"Code\" = 'CIV-2024'";
            return (engagement.Id, await command.ExecuteScalarAsync());
        });

        var bytes = stored.Should().BeOfType<byte[]>().Subject;
        Convert.ToHexString(bytes).Should().Be(id.ToString("N").ToUpperInvariant(), "the bytes are the text's digits, in order, so that ids sort as they did");
    }

    [Fact]
    public async Task A_database_with_identifiers_as_text_is_rewritten_to_bytes_with_every_value_and_reference_kept()
    {
        SqliteOnly();
        await using var world = await DemoWorld.CreateAsync();
        var before = await world.With(s => s.GetRequiredService<BackupService>().DigestAsync(TestContext.Current.CancellationToken));

        // Back to the previous migration: every identifier as text, as every database written before held them.
        await world.With(async s =>
        {
            await s.GetRequiredService<AppDbContext>().GetService<IMigrator>().MigrateAsync(Before);
            return 0;
        });
        var asText = await CountAsync(world, "text");
        asText.Should().BeGreaterThan(1000, "the demo's identifiers are text again");
        (await CountAsync(world, "blob")).Should().Be(0);
        (await ScalarAsync(world, "SELECT \"Id\" FROM \"Engagements\" WHERE \"Code\" = 'CIV-2024'")).Should().BeOfType<string>()
            .Which.Should().MatchRegex("^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$", "as EF Core wrote a Guid in SQLite");

        // Forward again, as a start of the app on such a database does.
        await world.With(async s =>
        {
            (await s.GetRequiredService<DatabaseInitializer>().MigrateAsync()).Should().Equal("20261201020010_GuidsAsBytes");
            return 0;
        });
        (await CountAsync(world, "text")).Should().Be(0);
        (await CountAsync(world, "blob")).Should().Be(asText);
        (await ScalarAsync(world, "SELECT COUNT(*) FROM pragma_foreign_key_check")).Should().Be(0L, "every reference still finds its row");
        (await ScalarAsync(world, "PRAGMA foreign_keys")).Should().Be(1L, "the migration switches foreign keys back on");
        var after = await world.With(s => s.GetRequiredService<BackupService>().DigestAsync(TestContext.Current.CancellationToken));
        after.Should().BeEquivalentTo(before, o => o.WithStrictOrdering(), "every table holds exactly what it held");

        // And the app reads through the references: the engagement's entities and their answers.
        var answers = await world.With(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var engagement = await db.Engagements.SingleAsync(e => e.Code == "CIV-2024");
            var entities = await db.NationalEntities.Where(e => e.EngagementId == engagement.Id).Select(e => e.Id).ToListAsync();
            return await db.Answers.CountAsync(a => entities.Contains(a.EntityId));
        });
        answers.Should().BeGreaterThan(0);
    }

    /// <summary>How many identifier values of the migration's columns are stored with this SQLite type.</summary>
    private static async Task<long> CountAsync(DemoWorld world, string type)
    {
        long total = 0;
        foreach (var (table, columns) in GuidsAsBytes.Columns)
        {
            foreach (var column in columns)
            {
                total += (long)(await ScalarAsync(world, $"SELECT COUNT(*) FROM \"{table}\" WHERE typeof(\"{column}\") = '{type}'"))!;
            }
        }

        return total;
    }

    private static Task<object?> ScalarAsync(DemoWorld world, string sql) => world.With(async s =>
    {
        var db = s.GetRequiredService<AppDbContext>();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    });
}
