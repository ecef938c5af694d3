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

    public async Task SendAsync(OutboxMessage message, ChannelOptions channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(channel);
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
        client.Timeout = channel.TimeoutSeconds * 1000;
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

            await client.SendAsync(mime, cancellationToken).ConfigureAwait(false);

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
            throw new DeliveryException($"SMTP {smtp.Host}:{smtp.Port}: {ex.Message}", permanent: false, ex);
        }
    }
}
