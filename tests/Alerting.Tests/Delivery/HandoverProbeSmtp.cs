using SentimentWatch.Alerting.Tests.Support;

namespace SentimentWatch.Alerting.Tests.Delivery;

/// <summary>
/// A real aiosmtpd server on loopback that, at the moment it has received a message's terminating dot (aiosmtpd calls
/// <c>handle_DATA</c> only then), reads that message's outbox row from the SQLite file and records its state. It then
/// accepts (250), refuses (554), accepts and drops the connection before answering, or holds its answer back for a
/// minute (<c>slow</c>), or accepts while holding the database's write lock for a few seconds (<c>lock</c>), to drive
/// each branch.
/// </summary>
internal sealed class HandoverProbeSmtp : IDisposable
{
    private readonly ScriptedSmtp _server;

    public HandoverProbeSmtp(string databasePath, string mode) =>
        _server = new ScriptedSmtp("sw-probe-", "swprobe", "Probe", HandlerSource, directory => new Dictionary<string, string>
        {
            ["SW_PROBE_DB"] = databasePath,
            ["SW_PROBE_LOG"] = Path.Combine(directory, "observed.txt"),
            ["SW_PROBE_MODE"] = mode,
        });

    public int Port => _server.Port;

    private string LogPath => Path.Combine(_server.Directory, "observed.txt");

    /// <summary>(idempotency key, outbox state when the dot arrived) for every message the server received in full.</summary>
    public IReadOnlyList<(string Key, string State)> Observed() =>
        File.Exists(LogPath)
            ? File.ReadAllLines(LogPath).Where(l => l.Length > 0).Select(l => l.Split(' ', 2)).Select(p => (p[0], p[1])).ToList()
            : [];

    public void Dispose() => _server.Dispose();

    private const string HandlerSource = """
        import asyncio, os, re, sqlite3
        from aiosmtpd.handlers import Mailbox

        class Probe(Mailbox):
            async def handle_DATA(self, server, session, envelope):
                m = re.search(rb'^X-SW-Idempotency-Key: *([^\r\n]+)', envelope.original_content or envelope.content, re.M)
                key = m.group(1).decode() if m else '?'
                con = sqlite3.connect(os.environ['SW_PROBE_DB'], timeout=10)
                try:
                    row = con.execute('SELECT state FROM outbox WHERE idempotency_key = ?', (key,)).fetchone()
                finally:
                    con.close()
                with open(os.environ['SW_PROBE_LOG'], 'a') as f:
                    f.write('%s %s\n' % (key, row[0] if row else '-'))
                mode = os.environ['SW_PROBE_MODE']
                if mode == 'lock':
                    held = sqlite3.connect(os.environ['SW_PROBE_DB'], timeout=10, isolation_level=None)
                    held.execute('BEGIN EXCLUSIVE')
                    asyncio.get_running_loop().call_later(3, held.close)
                if mode == 'slow':
                    await asyncio.sleep(60)
                if mode == 'reject':
                    return '554 5.6.0 message refused by policy'
                result = await super().handle_DATA(server, session, envelope)
                if mode == 'drop':
                    server.transport.abort()
                return result
        """;
}
