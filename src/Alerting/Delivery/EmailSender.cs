using System.Security.Cryptography;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using SentimentWatch.Alerting.Routing;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Delivery;

/// <summary>
/// E-mail through MailKit: Chinese subject and body as UTF-8, HTML plus plain text, STARTTLS/SSL and authentication
/// as configured. The Message-ID is derived from the idempotency key, so a resend after a crash carries the same id.
/// </summary>
/// <remarks>
/// The hand-over is committed from MailKit's transfer progress: with the DATA command MailKit writes the message through
/// a progress-reporting stream and only afterwards writes and flushes the terminating <c>CRLF.CRLF</c> and reads the
/// reply (MailKit 4.18 <c>SmtpClient.MessageDataAsync</c>), so the report that reaches the total size comes before the
/// server can accept. With BDAT the server accepts on the last byte, which MailKit reports only after writing it, so
/// CHUNKING and BINARYMIME are switched off for our sessions (MailKit lets capabilities be disabled, never enabled).
/// </remarks>
internal sealed class EmailSender : INotificationSender
{
    public string Type => "email";

    public static string MessageIdOf(string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..32] + "@sentimentwatch.invalid";

    public static MimeMessage Build(OutboxMessage message, SmtpOptions smtp)
    {
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(Encoding.UTF8, smtp.FromName, smtp.From));
        mime.To.Add(MailboxAddress.Parse(message.Recipient));
        mime.Subject = message.Subject;
        mime.MessageId = MessageIdOf(message.IdempotencyKey);
        mime.Date = message.CreatedUtc;
        mime.Headers.Add("X-SW-Idempotency-Key", message.IdempotencyKey);
        mime.Headers.Add("X-SW-Order-Key", message.OrderKey);
        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        mime.Body = body.ToMessageBody();
        foreach (var part in mime.BodyParts.OfType<TextPart>())
        {
            part.ContentTransferEncoding = ContentEncoding.Base64;
        }

        return mime;
    }

    public async Task SendAsync(OutboxMessage message, ChannelOptions channel, IDeliveryHandover handover, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(handover);
        var smtp = channel.Smtp ?? throw new DeliveryException("e-mail channel has no Smtp settings", permanent: true);
        MimeMessage mime;
        try
        {
            mime = Build(message, smtp);
        }
        catch (ParseException ex)
        {
            throw new DeliveryException($"recipient '{message.Recipient}' is not an e-mail address", permanent: true, ex);
        }

        using var client = new SmtpClient();
        client.Timeout = (int)channel.Timeout.TotalMilliseconds;
        if (smtp.AcceptAnyCertificate)
        {
            client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        }

        var security = smtp.Security switch
        {
            "None" => SecureSocketOptions.None,
            "StartTlsWhenAvailable" => SecureSocketOptions.StartTlsWhenAvailable,
            "SslOnConnect" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, security, cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
            }

            // Authentication may re-read the capabilities, so disable BDAT just before sending (see remarks).
            client.Capabilities &= ~(SmtpCapabilities.Chunking | SmtpCapabilities.BinaryMime);
            await client.SendAsync(FormatOptions.Default, mime, cancellationToken, new HandoverProgress(handover)).ConfigureAwait(false);

            // The server has accepted the message: return at once so the outbox records it as sent. Waiting for the
            // QUIT round trip would widen the window in which a crash makes the message be sent a second time.
            await client.DisconnectAsync(quit: false, CancellationToken.None).ConfigureAwait(false);
        }
        catch (SmtpCommandException ex) when (ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted && (int)ex.StatusCode >= 500)
        {
            // A 5xx on RCPT/MAIL is a bounce: retrying will not help; the dead letter goes to the duty desk.
            throw new DeliveryException($"SMTP refused {message.Recipient}: {(int)ex.StatusCode} {ex.Message}", permanent: true, ex);
        }
        catch (AuthenticationException ex)
        {
            throw new DeliveryException("SMTP authentication failed: " + ex.Message, permanent: false, ex);
        }
        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or ServiceNotAuthenticatedException or ProtocolException or IOException or System.Net.Sockets.SocketException or SslHandshakeException)
        {
            var reply = ex is SmtpCommandException command ? $"{(int)command.StatusCode} " : string.Empty;
            throw new DeliveryException($"SMTP {smtp.Host}:{smtp.Port}: {reply}{ex.Message}", permanent: false, ex);
        }
    }
}

/// <summary>Commits the hand-over when MailKit reports the whole message written, i.e. before the terminating dot.</summary>
internal sealed class HandoverProgress(IDeliveryHandover handover) : ITransferProgress
{
    public void Report(long bytesTransferred, long totalSize)
    {
        // Dot-stuffing can only add bytes, so "at least the measured size" is reached on the last body write at the
        // latest. Commit is idempotent; an exception from it aborts the write before the terminator is sent.
        if (totalSize > 0 && bytesTransferred >= totalSize)
        {
            handover.Commit();
        }
    }

    public void Report(long bytesTransferred)
    {
        // Only used when the size is unknown, which MailKit avoids whenever a progress callback is given.
    }
}
