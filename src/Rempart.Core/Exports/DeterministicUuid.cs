using System.Security.Cryptography;
using System.Text;

namespace Rempart.Core.Exports;

/// <summary>
/// Name-based UUIDs (RFC 9562 version 5): the same name always gives the same UUID, so an exported item keeps its
/// identity across exports, as OSCAL asks.
/// </summary>
public static class DeterministicUuid
{
    /// <summary>Rempart's namespace for name-based UUIDs.</summary>
    public static readonly Guid Namespace = new("8a3c2f0e-5b7d-4e61-9c2a-4f1d6b0e7a93");

    public static Guid Create(string name) => Create(Namespace, name);

    public static Guid Create(Guid ns, string name)
    {
        Span<byte> nsBytes = stackalloc byte[16];
        ns.TryWriteBytes(nsBytes, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        nsBytes.CopyTo(input);
        nameBytes.CopyTo(input, 16);
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for version 5; it names, it does not protect.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
