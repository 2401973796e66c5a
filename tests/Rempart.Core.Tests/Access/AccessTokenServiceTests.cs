using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Rempart.Core.Access;
using Rempart.Core.Data;

namespace Rempart.Core.Tests.Access;

public sealed class AccessTokenServiceTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
    private ServiceProvider _services = default!;
    private Guid _userId;

    public async ValueTask InitializeAsync()
    {
        _services = await CoreServicesForTests.BuildAsync(_database, _time);
        await using var scope = _services.CreateAsyncScope();
        _userId = (await scope.ServiceProvider.GetRequiredService<UserAccountService>().AddAsync("t@test.example", "T", RoleNames.ProgrammeOfficer, "en", null)).User.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<T> WithTokensAsync<T>(Func<AccessTokenService, Task<T>> action)
    {
        await using var scope = _services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AccessTokenService>());
    }

    [Fact]
    public async Task Token_WorksUntilItsExpiryInstant_Exclusive()
    {
        var created = await WithTokensAsync(t => t.CreateAsync(_userId, "ci", TimeSpan.FromDays(30)));
        created.Record.ExpiresAt.Should().Be(_time.GetUtcNow().AddDays(30));
        var owner = (await WithTokensAsync(t => t.ValidateAsync(created.Token)))!;
        owner.User.Id.Should().Be(_userId);
        owner.Roles.Should().Equal([RoleNames.ProgrammeOfficer], "the owner's roles are read with the token");

        _time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromTicks(1));
        (await WithTokensAsync(t => t.ValidateAsync(created.Token))).Should().NotBeNull();
        _time.Advance(TimeSpan.FromTicks(1));
        (await WithTokensAsync(t => t.ValidateAsync(created.Token))).Should().BeNull();
    }

    [Fact]
    public async Task Token_IsStoredOnlyAsItsHash()
    {
        var created = await WithTokensAsync(t => t.CreateAsync(_userId, "ci", TimeSpan.FromDays(1)));
        created.Record.TokenHash.Should().Be(AccessTokenService.Hash(created.Token)).And.NotContain(created.Token[5..]);
        created.Token.Length.Should().BeGreaterThan(40);
    }

    [Fact]
    public async Task Token_Revoked_StopsAtOnce()
    {
        var created = await WithTokensAsync(t => t.CreateAsync(_userId, "ci", TimeSpan.FromDays(1)));
        (await WithTokensAsync(t => t.RevokeAnyAsync(created.Record.Prefix))).Should().NotBeNull();
        (await WithTokensAsync(t => t.ValidateAsync(created.Token))).Should().BeNull();
    }

    [Fact]
    public async Task Token_LastUse_IsRecordedAtMostOnceAMinute()
    {
        var created = await WithTokensAsync(t => t.CreateAsync(_userId, "ci", TimeSpan.FromDays(1)));
        await WithTokensAsync(t => t.ValidateAsync(created.Token));
        var first = (await WithTokensAsync(t => t.ListAsync(_userId))).Single().LastUsedAt;
        first.Should().Be(_time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(30));
        await WithTokensAsync(t => t.ValidateAsync(created.Token));
        (await WithTokensAsync(t => t.ListAsync(_userId))).Single().LastUsedAt.Should().Be(first);
        _time.Advance(TimeSpan.FromSeconds(31));
        await WithTokensAsync(t => t.ValidateAsync(created.Token));
        (await WithTokensAsync(t => t.ListAsync(_userId))).Single().LastUsedAt.Should().Be(_time.GetUtcNow());
    }

    [Theory]
    [InlineData("", 10)]
    [InlineData("ok", 0)]
    [InlineData("ok", 367)]
    public async Task Token_WithBadNameOrLifetime_IsRefused(string name, int days)
    {
        var act = () => WithTokensAsync(t => t.CreateAsync(_userId, name, TimeSpan.FromDays(days)));
        (await act.Should().ThrowAsync<DomainRuleException>()).Which.Code.Should().StartWith("Token.");
    }
}
