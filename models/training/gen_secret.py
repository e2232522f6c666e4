"""Seeded synthetic generator for the secret scorer: real-looking secrets (label 1) vs placeholders (label 0).

Every value is random or invented; nothing is a real credential. Each generator returns (family, value); the
validation split is a CRC-32 slice of the generated rows (train.py); whole-family hold-out was tried first and
removed whole concepts (hex API keys, plain words) from training.
"""
import base64
import random
import re
import string
import urllib.parse

B62 = string.ascii_letters + string.digits
B64 = B62 + "+/"
HEX = "0123456789abcdef"
UPPER_D = string.ascii_uppercase + string.digits
SYMS = "!@#$%^&*()-_=+[]{};:,.?/~"
WORDS = ["river", "orange", "castle", "window", "falcon", "marble", "quiet", "thunder", "pepper", "silver", "garden", "rocket",
         "winter", "copper", "violet", "planet", "shadow", "ember", "harbor", "lemon", "meadow", "north", "crystal", "bridge",
         "tiger", "velvet", "canyon", "sunset", "forest", "puzzle", "anchor", "banjo", "cobalt", "dragon", "echo", "fabric"]
# Everyday words shared by both classes (passphrases and human passwords on one side, names, words and composed
# configuration values on the other), so that a word's being known never decides: the structure around it must.
VOCAB = WORDS + """apple bottle candle desert eagle feather glacier hammer island jungle kettle ladder mirror needle ocean pencil
    rabbit saddle table umbrella valley wagon yellow zebra blue green red
    black white stone paper cloud rain snow storm sun moon star light dark fire water earth wind iron gold steel glass wood
    happy lucky quick slow brave calm proud gentle wild silent little giant ancient modern frozen golden hidden hollow
    monkey panda otter lizard parrot salmon spider turtle walrus badger camel donkey ferret gecko heron koala lobster
    coffee butter cookie donut honey mango noodle olive pizza toast waffle cherry grape peach plum melon lime basil
    guitar piano violin trumpet drum flute banner button carpet castle chimney engine funnel gadget helmet jacket
    kitchen lantern magnet napkin orbit pillow quartz ribbon shovel ticket tunnel vessel whistle yacht zipper
    monday friday summer autumn spring morning evening midnight holiday weekend birthday school office market
    london paris berlin tokyo dallas denver boston chicago sydney madrid oslo vienna dublin lisbon prague
    alpha bravo charlie delta foxtrot hotel india juliet kilo lima mike november oscar papa quebec romeo sierra
    tango uniform victor whiskey xray yankee zulu""".split()
CONTEXTS = ["dockerfile-env", "dockerfile-arg", "k8s-env", "compose-env", "url-credential", "cli-flag", "other"]

SECRET_NAMES = ["DB_PASSWORD", "POSTGRES_PASSWORD", "MYSQL_ROOT_PASSWORD", "API_KEY", "API_TOKEN", "GITHUB_TOKEN", "NPM_TOKEN", "SECRET_KEY",
                "DJANGO_SECRET_KEY", "JWT_SECRET", "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "STRIPE_KEY", "SLACK_TOKEN", "REDIS_PASSWORD",
                "ADMIN_PASS", "password", "apiKey", "authToken", "clientSecret", "SENTRY_AUTH_TOKEN", "GITLAB_TOKEN", "DOCKER_PASSWORD",
                "RABBITMQ_DEFAULT_PASS", "MONGO_INITDB_ROOT_PASSWORD", "OPENAI_API_KEY", "ENCRYPTION_KEY", "SESSION_SECRET", "PGPASSWORD",
                "access_token", "private_key", "SMTP_PASS", "HF_TOKEN", "CREDENTIALS", "secretAccessKey", "webhookSecret"]
NEUTRAL_NAMES = ["VALUE", "CONFIG", "X", "ARG1", "BUILD_ARG", "SETTING", "OPTS", "DATA", "PARAM", "INPUT", "ID", "CODE", "HASH_SALT",
                 "APP_CONFIG", "LICENSE", "SIGNATURE", "VAR", "ENV_VALUE", "TOKEN_ID", "USER_DATA", "KEY", "DSN", "CONN", "AUTH",
                 "app.setting", "custom_value", "M", "SEED", "ENTRY", "REF", "HEADER", "COOKIE", "PAYLOAD", "PROPERTY", "MISC", "EXTRA"]
PLAIN_NAMES = ["VERSION", "APP_VERSION", "NODE_ENV", "PORT", "HOST", "DB_HOST", "DB_USER", "LOG_LEVEL", "TZ", "LANG", "JAVA_OPTS", "PATH",
               "REDIS_URL", "API_URL", "REGION", "AWS_REGION", "DEBUG", "WORKERS", "TIMEOUT", "IMAGE", "CHECKSUM", "SHA256", "GPG_KEY",
               "BUILD_ID", "COMMIT", "REQUEST_ID", "DOMAIN", "EMAIL", "USER", "HOME", "GOPATH", "PYTHONUNBUFFERED", "ENABLE_SSL"]


def rs(r, alphabet, n):
    return "".join(r.choice(alphabet) for _ in range(n))


# ------------------------------------------------------------------------------------------- secrets
SYLLABLES = ["ka", "zu", "mo", "ri", "ten", "vor", "lin", "dax", "qui", "pel", "nor", "sab", "fi", "gro", "wex", "ul", "ban", "cro",
             "ber", "lon", "to", "kyo", "par", "is", "ma", "drid", "san", "ti", "ago", "new", "york", "chi", "ca", "go", "del", "hi"]


def word(r, lo=2, hi=4):
    return "".join(r.choice(SYLLABLES) for _ in range(r.randint(lo, hi)))


LEET = {"a": "4@", "e": "3", "i": "1!", "o": "0", "s": "5$", "t": "7", "l": "1", "b": "8", "g": "9"}


def human_password(r: random.Random):
    """A password a person made up to meet a complexity policy: one or two words, some letters swapped for digits
    or symbols, mixed case, a number or year and a symbol; or a service prefix with random segments."""
    if r.random() < 0.3:
        return "%s%s%s%s%s" % (r.choice(VOCAB)[:r.randint(3, 6)], r.choice(["-", "_", ""]), rs(r, B62, r.randint(3, 6)),
                               r.choice(["-", "_", ""]), rs(r, B62, r.randint(3, 10)))
    # words from the list, made-up words, and the words people put in passwords (pass, secret, admin, the service's name)
    words = [r.choice([r.choice(VOCAB), word(r, 1, 3), r.choice(["pass", "secret", "admin", "root", "login", "master", "super"])])
             for _ in range(r.randint(1, 2))]
    out = []
    for w in words:
        w = w.capitalize() if r.random() < 0.6 else w
        out.append("".join(r.choice(LEET[c]) if c in LEET and r.random() < 0.45 else c for c in w))
    v = r.choice(["", "_", "-", "."]).join(out)
    v += r.choice(["", "_", "#", "!", "@"]) + r.choice([str(r.randint(0, 99)), str(r.randint(2015, 2027)), rs(r, B62, 2), ""])
    return v + r.choice(["", "!", "#", "$", "*", "?", ""])


# Secret families that can stand in the password slot of a URL or after a `--password` flag (no PEM blocks,
# connection strings or `user:password` pairs: the extractor has already cut those apart).
SLOT_SECRET_FAMILIES = [f for f in range(31) if f not in (15, 23, 27, 28, 29)]


USER_NAMES = ["admin", "root", "app", "deploy", "svc", "ci", "postgres", "user", "api", "backup", "jenkins", "grafana", "ops", "reader"]
CRYPT64 = "./" + string.digits + string.ascii_uppercase + string.ascii_lowercase


def password_like(r: random.Random):
    """What people put in a password slot: a human-made password, a generated one, or a token."""
    k = r.random()
    if k < 0.45:
        return human_password(r)
    if k < 0.8:
        return rs(r, B62 + r.choice(["", "!#%*-_.~", "-_"]), r.randint(10, 32))
    return secret_value(r, SLOT_SECRET_FAMILIES)[1]


def password_hash(r: random.Random):
    """Password hashes that act as credentials when they sit in configuration (htpasswd for basic auth, bcrypt/crypt
    hashes for admin users): crackable offline, so secret scanners report them."""
    k = r.randrange(5)
    if k == 0:
        v = "$2%s$%02d$%s" % (r.choice("aby"), r.choice([10, 11, 12, 14]), rs(r, CRYPT64, 53))
    elif k == 1:
        v = "$apr1$%s$%s" % (rs(r, CRYPT64, 8), rs(r, CRYPT64, 22))
    elif k == 2:
        v = "$%s$%s$%s" % (r.choice(["5", "6"]), rs(r, CRYPT64, r.randint(8, 16)), rs(r, CRYPT64, 43 if r.random() < 0.3 else 86))
    elif k == 3:
        v = "{%s}%s" % (r.choice(["SSHA", "SHA", "SSHA512"]), base64.b64encode(bytes(r.randrange(256) for _ in range(r.choice([20, 24, 36])))).decode())
    else:
        v = "$argon2id$v=19$m=65536,t=3,p=4$%s$%s" % (rs(r, B64, 22), rs(r, B64, 43))
    if r.random() < 0.3:
        v = r.choice(USER_NAMES) + ":" + (v.replace("$", "$$") if r.random() < 0.3 else v)
    return v


def connection_string(r: random.Random, password: str):
    """Connection strings and URLs that carry their password inline, in the shapes drivers take them."""
    host = r.choice(["db", "postgres", "mysql.internal", "10.0.3.17", "sql01", "cluster0.%s.mongodb.net" % rs(r, string.ascii_lowercase + string.digits, 5),
                     "%s.%s.rds.amazonaws.com" % (word(r), r.choice(["us-east-1", "eu-west-1"])), "redis-master", "rabbitmq", "smtp.%s.com" % word(r)])
    user = r.choice(USER_NAMES)
    db = r.choice(["app", "prod", "orders", "main", word(r)])
    k = r.randrange(7)
    if k == 0:
        return "%s://%s:%s@%s:%d/%s" % (r.choice(["postgres", "postgresql", "mysql", "mariadb", "mongodb", "mssql"]), user, password, host, r.choice([5432, 3306, 27017, 1433]), db)
    if k == 1:
        return "%s://%s:%s@%s%s" % (r.choice(["amqp", "amqps", "redis", "rediss", "smtp", "smtps", "ftp", "https", "mongodb+srv"]), r.choice(["", user]), password, host,
                                   r.choice(["", ":5672/", ":6379/0", "/%s?retryWrites=true" % db, ":587"]))
    if k == 2:
        return "Server=%s;Database=%s;User Id=%s;Password=%s;%s" % (host, db, user, password, r.choice(["", "TrustServerCertificate=True;", "Encrypt=true;"]))
    if k == 3:
        return "Host=%s;Port=5432;Username=%s;Password=%s;Database=%s" % (host, user, password, db)
    if k == 4:
        return "jdbc:%s://%s:%d/%s?user=%s&password=%s" % (r.choice(["postgresql", "mysql", "mariadb"]), host, r.choice([5432, 3306]), db, user, password)
    if k == 5:
        return "DefaultEndpointsProtocol=https;AccountName=%s;AccountKey=%s==;EndpointSuffix=core.windows.net" % (word(r), rs(r, B64, 86))
    return "host=%s port=5432 dbname=%s user=%s password=%s sslmode=require" % (host, db, user, password)


def secret_url(r: random.Random):
    """URLs that are credentials by themselves, a token in the path or query (webhooks, signed URLs): whoever holds
    one can post or read without any other secret."""
    k = r.randrange(5)
    if k == 0:
        return "https://hooks.slack.com/services/T%s/B%s/%s" % (rs(r, UPPER_D, r.randint(8, 10)), rs(r, UPPER_D, r.randint(8, 10)), rs(r, B62, 24))
    if k == 1:
        return "https://%s/api/webhooks/%s/%s" % (r.choice(["discord.com", "discordapp.com"]), rs(r, string.digits, r.randint(17, 19)), rs(r, B62 + "-_", 68))
    if k == 2:
        return "https://%s.webhook.office.com/webhookb2/%s@%s/IncomingWebhook/%s/%s" % (word(r), uuid_like(r), uuid_like(r), rs(r, HEX, 32), uuid_like(r))
    host = "%s.%s.%s" % (r.choice(VOCAB), word(r), r.choice(["io", "com", "net", "dev"]))
    if k == 3:
        return "https://%s/%s/%s" % (host, r.choice(["hooks", "webhook", "api/hooks", "trigger", "incoming"]), rs(r, r.choice([B62, HEX, B62 + "-_"]), r.randint(24, 48)))
    return "https://%s/%s?%s=%s" % (host, r.choice(["upload", "v1/events", "blob/x", "feed"]), r.choice(["sig", "token", "access_token", "key", "api_key"]),
                                    rs(r, r.choice([B62, HEX, B64]), r.randint(24, 64)))


def uuid_like(r: random.Random):
    return "%s-%s-4%s-%s%s-%s" % (rs(r, HEX, 8), rs(r, HEX, 4), rs(r, HEX, 3), r.choice("89ab"), rs(r, HEX, 3), rs(r, HEX, 12))


def secret_value(r: random.Random, families=None):
    fam = r.choice(families) if families else r.randrange(32)
    if fam == 0:
        v = rs(r, HEX, r.choice([32, 40, 48, 64]))
    elif fam == 1:
        v = base64.b64encode(bytes(r.randrange(256) for _ in range(r.choice([18, 24, 30, 32, 48, 64])))).decode()
    elif fam == 2:
        v = "ghp_" + rs(r, B62, 36)
    elif fam == 3:
        v = r.choice(["gho_", "ghu_", "ghs_"]) + rs(r, B62, 36) if r.random() < 0.5 else "github_pat_" + rs(r, B62, 22) + "_" + rs(r, B62, 59)
    elif fam == 4:
        v = "glpat-" + rs(r, B62 + "-_", 20)
    elif fam == 5:
        v = r.choice(["xoxb-", "xoxp-"]) + "-".join(rs(r, string.digits, n) for n in (11, 12)) + "-" + rs(r, B62, 24)
    elif fam == 6:
        # test-mode secret keys still grant API access (scanners report sk_test_ like sk_live_)
        v = r.choice(["sk_live_", "rk_live_", "sk_test_", "rk_test_"]) + rs(r, B62, r.choice([24, 34, 99]))
    elif fam == 7:
        v = r.choice(["AKIA", "ASIA"]) + rs(r, UPPER_D, 16)
    elif fam == 8:
        v = rs(r, B64, 40)
    elif fam == 9:
        v = "AIza" + rs(r, B62 + "-_", 35)
    elif fam == 10:
        v = "npm_" + rs(r, B62, 36)
    elif fam == 11:
        def seg(n):
            return base64.urlsafe_b64encode(bytes(r.randrange(256) for _ in range(n))).decode().rstrip("=")
        hdr = base64.urlsafe_b64encode(r.choice([b'{"alg":"HS256","typ":"JWT"}', b'{"alg":"RS256","kid":"k1"}', b'{"typ":"JWT","alg":"HS512"}'])).decode().rstrip("=")
        v = hdr + "." + "eyJ" + seg(r.randint(30, 90)) + "." + seg(32)
    elif fam == 12:
        # passphrases (diceware / "correct horse battery staple" style): several everyday words, sometimes capitalised,
        # sometimes with a number or symbol
        sep = r.choice(["-", " ", ".", "_", "", " "])
        ws = [r.choice(VOCAB) if r.random() < 0.8 else word(r) for _ in range(r.randint(3, 6))]
        if r.random() < 0.3:
            ws = [w.capitalize() for w in ws]
        v = sep.join(ws)
        if r.random() < 0.5:
            v += r.choice([sep, ""]) + str(r.randint(0, 9999))
        if r.random() < 0.2:
            v += r.choice("!?#$*")
    elif fam == 13:
        n = r.randint(10, 28)
        v = "".join(r.choice(B62 + SYMS) for _ in range(n))
    elif fam == 14:
        v = r.choice(VOCAB).capitalize() + r.choice(["", "_", "-", "."]) + str(r.randint(1, 9999)) + r.choice(["!", "#", "$", "@", "?", "*", ""])
        if r.random() < 0.5:
            v = v.replace("a", "@").replace("o", "0").replace("e", "3")
    elif fam == 15:
        v = "-----BEGIN " + r.choice(["RSA PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY", "EC PRIVATE KEY"]) + "-----" + r.choice(["\\n", "\n", " "]) + rs(r, B64, r.randint(60, 180))
    elif fam == 16:
        v = "SG." + rs(r, B62 + "-_", 22) + "." + rs(r, B62 + "-_", 43)
    elif fam == 17:
        v = r.choice(["sk-", "sk-proj-"]) + rs(r, B62 + "-_", r.choice([48, 64, 100]))
    elif fam == 18:
        v = r.choice(["dop_v1_", "shpat_", "hf_", "SK", "pypi-AgEIcHlwaS5vcmc", "sq0atp-", "EAAC", "ya29."]) + rs(r, B62 if r.random() < 0.5 else HEX, r.randint(30, 64))
    elif fam == 19:
        v = rs(r, string.ascii_lowercase + string.digits, r.randint(16, 40))
    elif fam == 20:
        v = rs(r, B62, r.randint(12, 64))
    elif fam == 21:
        v = rs(r, string.ascii_letters, r.randint(12, 20)) + rs(r, string.digits, r.randint(1, 4))
    elif fam == 22:
        v = "%s%s%s" % (rs(r, B62, 8), r.choice(["-", "_", "."]), rs(r, B62, r.randint(8, 30)))
    elif fam == 23:
        v = "AccountKey=" + rs(r, B64, 86) + "==" if r.random() < 0.5 else "Password=" + rs(r, B62 + SYMS, r.randint(10, 20)) + ";"
    elif fam == 25:
        v = human_password(r)
    elif fam == 26:
        # the prefix_random scheme most vendors adopted after GitHub's 2021 token format: a short vendor tag, then entropy
        v = rs(r, string.ascii_lowercase, r.randint(2, 5)) + r.choice(["_", "-", "_live_", "_pat_", "-"]) + rs(r, B62, r.randint(20, 40))
        if r.random() < 0.3:
            v = v.upper()[:r.randint(3, 7)] + "-" + rs(r, B62 + "-_", r.randint(20, 36))
    elif fam == 30:
        # UUID-shaped keys and tokens (Heroku API keys, Consul/Nomad tokens, many SaaS keys)
        v = rs(r, HEX, 8) + "-" + rs(r, HEX, 4) + "-4" + rs(r, HEX, 3) + "-" + r.choice("89ab") + rs(r, HEX, 3) + "-" + rs(r, HEX, 12)
        v = v.upper() if r.random() < 0.25 else v
    elif fam == 27:
        v = password_hash(r)
    elif fam == 28:
        v = connection_string(r, password_like(r))
    elif fam == 29:
        v = "%s:%s" % (r.choice(USER_NAMES), password_like(r))
    elif fam == 31:
        v = secret_url(r)
    else:
        v = rs(r, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 4) + "-" + rs(r, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 4) + "-" + rs(r, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 4) + "-" + rs(r, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 4)
    return fam, v


# --------------------------------------------------------------------------------------- placeholders
def placeholder_value(r: random.Random, name: str, fam: int):
    base = name.upper().replace(".", "_").replace("-", "_")
    if fam == 0:
        v = r.choice(["changeme", "CHANGEME", "change_me", "ChangeMe123", "changeit", "please-change-me", "CHANGE_ME_IN_PROD", "change-this"])
    elif fam == 1:
        v = "${" + r.choice([base, "DB_PASS", "SECRET", "API_KEY", "TOKEN", base + ":-}", base + ":?required}", base + ":-default"]) + "}"
    elif fam == 2:
        v = "$" + r.choice([base, "PASSWORD", "TOKEN", "SECRET_KEY", "{" + base + "}", "(cat /run/secrets/" + base.lower() + ")"])
    elif fam == 3:
        v = r.choice(["$(cat /run/secrets/%s)", "$(< /run/secrets/%s)", "$(vault kv get -field=value secret/%s)", "$(aws ssm get-parameter --name /%s --with-decryption --query Parameter.Value --output text)"]) % base.lower()
    elif fam == 4:
        v = r.choice(["<token>", "<password>", "<your-api-key>", "<YOUR_TOKEN_HERE>", "<secret>", "<insert key>", "[PASSWORD]", "[your-token]", "<%s>" % base.lower(), "<redacted>"])
    elif fam == 5:
        v = r.choice(["/run/secrets/", "/var/run/secrets/", "/etc/secrets/", "./secrets/", "~/.config/", "/mnt/secrets-store/"]) + r.choice([base.lower(), "db_password", "api-key", "token", "x"])
    elif fam == 6:
        v = r.choice(["your_api_key_here", "your-secret-key", "YOUR_TOKEN", "your_password", "insert-your-key-here", "REPLACE_ME", "replace-with-real-secret",
                      "put_your_token_here", "secret_here", "password_here", "TODO", "FIXME", "tbd", "<set me>", "notset", "unset"])
    elif fam == 7:
        v = r.choice(["example", "example-key", "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "sk_test_example", "dummy", "dummy-token",
                      "sample", "test", "testpass", "test123", "xxx", "xxxxxxxx", "XXXXXXXXXXXXXXXX", "****", "********", "...", "foo", "bar", "foobar", "secret",
                      "password", "pass", "admin", "root", "default", "none", "null", "nil", "-", "''", '""', "redacted", "REDACTED", "hidden", "abc123", "12345"])
    elif fam == 8:
        v = r.choice(["1.2.3", "v2.0.1", "3.11.8", "20.12.2-alpine", "1.25.4", "v1.30.0", "2024.04.1", "0.9.12-rc1", "16.2", "5.7.44", "8.0.36", "7.2.4+build.5"])
        v = v if r.random() < 0.6 else "%d.%d.%d" % (r.randint(0, 30), r.randint(0, 40), r.randint(0, 99))
    elif fam == 9:
        k = r.random()
        # content digests, and git commit ids (40 hex, or the short 7-12 form) which sit in labels and build args
        v = r.choice(["sha256:", ""]) + rs(r, HEX, 64) if k < 0.5 else rs(r, HEX, 40) if k < 0.85 else rs(r, HEX, r.randint(7, 12))
    elif fam == 10:
        v = rs(r, HEX, 8) + "-" + rs(r, HEX, 4) + "-4" + rs(r, HEX, 3) + "-" + r.choice("89ab") + rs(r, HEX, 3) + "-" + rs(r, HEX, 12)
    elif fam == 11:
        v = r.choice(["db", "redis", "postgres", "localhost", "127.0.0.1", "0.0.0.0", "mysql.internal", "api.example.com", "rabbitmq", "elasticsearch:9200",
                      "db.prod.svc.cluster.local", "kafka-0.kafka:9092", "host.docker.internal", "10.0.0.12", "memcached:11211"])
    elif fam == 12 and r.random() < 0.6:
        v = url_value(r)
    elif fam == 12:
        v = r.choice(["https://api.example.com/v1", "http://localhost:8080", "redis://redis:6379/0", "postgres://db:5432/app", "amqp://rabbitmq:5672",
                      "https://registry.npmjs.org/", "https://hooks.example.com/services", "s3://my-bucket/path", "http://minio:9000", "file:///etc/app.conf",
                      "https://github.com/org/repo.git", "mongodb://mongo:27017/app"])
    elif fam == 13:
        v = r.choice(["true", "false", "yes", "no", "on", "off", "1", "0", "TRUE", "False", "enabled", "disabled"])
    elif fam == 14:
        v = str(r.choice([r.randint(0, 100), r.randint(1000, 65535), r.randint(1, 10) * 1000, 3, 5, 30, 60, 3600]))
    elif fam == 15:
        v = r.choice(["production", "development", "staging", "debug", "info", "warn", "en_US.UTF-8", "C.UTF-8", "UTC", "Europe/Berlin", "us-east-1", "eu-west-1",
                      "json", "utf8mb4", "app", "postgres", "web", "worker", "latest", "stable", "main", "-Xmx512m -Xms256m", "--max-old-space-size=4096", "30s", "5m",
                      "512Mi", "0.5", "nginx:1.25", "python:3.12-slim", "/usr/local/bin:/usr/bin:/bin", "app@example.com", "admin@localhost", "noreply@company.com"])
    elif fam == 16:
        v = rs(r, "0123456789ABCDEF", 40) if r.random() < 0.5 else " ".join(rs(r, "0123456789ABCDEF", 4) for _ in range(10))
    elif fam == 17:
        v = "{{ " + r.choice([".Values.%s" % base.lower(), "secret", "vault_%s" % base.lower(), "env \"%s\"" % base, "lookup('env','%s')" % base]) + " }}"
    elif fam == 18:
        v = r.choice(["%(" + base.lower() + ")s", "%" + base + "%", "@" + base.lower() + "@", "#{" + base + "}", "$$" + base, "__" + base + "__", "@@" + base + "@@"])
    elif fam == 19:
        v = r.choice(VOCAB) if r.random() < 0.6 else r.choice(VOCAB) + r.choice(["-", "_", "."]) + r.choice(VOCAB)
    elif fam == 20:
        v = r.choice(["secretKeyRef", "valueFrom", "vault:secret/data/app#password", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf",
                      "projects/my-project/secrets/db-password/versions/latest", "azurekeyvault://kv-prod/secrets/api-key", "ssm:/prod/app/api-key", "op://vault/item/password"])
    elif fam == 21:
        v = "" if r.random() < 0.5 else " "
    elif fam == 22:
        v = r.choice(["your_" + base.lower(), base.lower() + "_here", "my-" + base.lower().replace("_", "-"), base.lower(), base, "default_" + base.lower(), base.lower() + "123"])
    elif fam == 23:
        v = r.choice(["/app/config.yml", "/etc/ssl/certs/ca.pem", "./data", "~/.aws/config", "/var/lib/app", "config/settings.py", "/usr/share/keys/pub.asc", "C:\\secrets\\key.txt"])
    elif fam == 24:
        v = r.choice(["a1b2c3", "abc", "x", "pw", "p", "aaa", "qwerty", "letmein", "111111", "000000"])
    elif fam == 25:
        if r.random() < 0.5:
            v = "%s-%s-%d" % (r.choice(["build", "release", "job", "run"]), rs(r, HEX, 7), r.randint(1, 9999))
        else:
            # object ids in the prefix_random shape API vendors use for records, not credentials (req_, cus_, evt_ …)
            v = r.choice(["req_", "cus_", "evt_", "ch_", "sub_", "prod_", "price_", "in_", "txn_", "msg_", "run_", "job_", "usr_", "org_"]) + rs(r, B62, r.randint(14, 28))
    elif fam == 26:
        v = r.choice(["text/html", "application/json", "gzip", "HS256", "RS256", "AES-256-GCM", "sha512", "bcrypt", "tcp", "https", "Bearer", "Basic"])
    elif fam == 27:
        v = "%d.%d.%d.%d" % (r.randint(1, 254), r.randint(0, 255), r.randint(0, 255), r.randint(1, 254)) if r.random() < 0.5 else "%s.%s.com" % (r.choice(VOCAB), r.choice(["example", "corp", "internal", "acme"]))
    elif fam == 28:
        v = "ssh-rsa AAAAB3NzaC1yc2E" + rs(r, B64, 30) + " " + r.choice(["user@host", "deploy"]) if r.random() < 0.3 else "-----BEGIN PUBLIC KEY-----" + r.choice(["", "\\n"]) + rs(r, B64, 40)
    elif fam == 32:
        v = config_value(r)
    elif fam == 31:
        # the look-alikes secret scanners allow-list (gitleaks/trufflehog): content digests inside references,
        # key fingerprints, public keys, resource names with ids, sentences that talk about a secret
        v = r.choice(["%s/%s/%s@sha256:%s" % (r.choice(["ghcr.io", "docker.io", "quay.io", "registry.gitlab.com"]), r.choice(VOCAB), r.choice(VOCAB), rs(r, HEX, 64)),
                      "SHA256:" + rs(r, B64, 43), "MD5:" + ":".join(rs(r, HEX, 2) for _ in range(16)),
                      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA" + rs(r, B64, 44) + " " + r.choice(["deploy@ci", "ops", "user@laptop"]),
                      "arn:aws:%s:%s:%d:%s/%s" % (r.choice(["kms", "iam", "secretsmanager", "ssm"]), r.choice(["us-east-1", "eu-west-1"]), r.randint(10 ** 11, 10 ** 12 - 1),
                                                 r.choice(["key", "role", "parameter"]), rs(r, HEX, 8) + "-" + rs(r, HEX, 4) + "-" + rs(r, HEX, 4)),
                      r.choice(["ask", "see", "use", "stored in", "get it from"]) + " " + r.choice(["the team vault", "1Password", "the ops wiki", "Bitwarden", "your admin"]),
                      "%s-%s-SNAPSHOT" % (r.randint(0, 9), r.randint(0, 20)), "%s.pub" % r.choice(["id_rsa", "id_ed25519", "deploy_key"]),
                      "projects/%s/locations/global/keyRings/%s/cryptoKeys/%s" % (r.choice(VOCAB), r.choice(VOCAB), r.choice(VOCAB))])
    elif fam == 30:
        v = r.choice(["%d:%d" % ((r.choice([80, 443, 5432, 6379, 8080, 3000, 9000]),) * 2), "%d:%d" % ((r.choice([0, 1000, 1001, 999, 65534]),) * 2),
                      "0.0.0.0:%d:%d" % ((r.choice([5432, 8080, 8443]),) * 2), "id=%s,src=%s" % (base.lower(), r.choice([".npmrc", "secret.txt", "$HOME/.aws/credentials"])),
                      "type=secret,id=%s" % base.lower(), "%s=%s" % (r.choice(["key", "mode", "target"]), r.choice(["0400", "/run/secrets/x", "app"])),
                      "%s:%s" % (r.choice(["app", "node", "postgres", "www-data"]), r.choice(["app", "node", "postgres", "www-data"]))])
    elif fam == 34:
        v = vendor_example(r)
    elif fam == 35:
        v = connection_string(r, placeholder_password(r, base)) if r.random() < 0.75 else r.choice([
            "Server=%s;Database=app;Integrated Security=true;" % r.choice(["sql01", "db"]), "Host=db;Port=5432;Username=app;Database=app",
            "jdbc:postgresql://db:5432/app", "host=db port=5432 dbname=app user=app sslmode=disable", "Data Source=app.db"])
    elif fam == 37:
        v = public_identifier(r)
    elif fam == 36:
        v = "%s:%s" % (r.choice(USER_NAMES), placeholder_password(r, base))
    else:
        v = r.choice(["${{ secrets.%s }}" % base, "${{ env.%s }}" % base, "$(params.%s)" % base.lower(), "%env(" + base + ")%", "ENC[AES256_GCM,data:" + rs(r, B64, 16) + ",type:str]"])
    return fam, v


def placeholder_password(r: random.Random, base: str):
    """What stands in a password slot in examples, READMEs and dev setups."""
    return r.choice(["changeme", "password", "pass", "secret", "example", "PASSWORD", "<password>", "<pass>", "${%s}" % base, "${DB_PASSWORD}",
                     "$%s" % base, "xxx", "xxxxxx", "*****", "REPLACE_ME", "your_password", "YOUR_PASSWORD", "%s", "{password}", "{{ .Values.password }}",
                     "%%(password)s", "mypassword", "secretpassword", "pa55word", "postgres", "root", "admin", "guest", "test", "dev"])


def public_identifier(r: random.Random):
    """Identifiers that look random but are public by design: publishable keys meant for browsers, OAuth client ids,
    account ids. Knowing one grants nothing."""
    k = r.randrange(7)
    if k == 0:
        return r.choice(["pk_live_", "pk_test_"]) + rs(r, B62, r.choice([24, 34, 99]))
    if k == 1:
        return "%d-%s.apps.googleusercontent.com" % (r.randint(10 ** 11, 10 ** 12 - 1), rs(r, string.ascii_lowercase + string.digits, 32))
    if k == 2:
        return r.choice(["Iv1.", "Ov23li", ""]) + rs(r, HEX if r.random() < 0.5 else B62, 16 if r.random() < 0.5 else 20)
    if k == 3:
        return r.choice(["AC", "PN", "MG"]) + rs(r, HEX, 32)
    if k == 4:
        return "pk.eyJ1Ijoi" + rs(r, B62, r.randint(20, 40)) + "." + rs(r, B62 + "-_", 22)
    if k == 5:
        return "%012d" % r.randint(10 ** 11, 10 ** 12 - 1)
    return rs(r, string.ascii_uppercase + string.digits, 10)


def vendor_example(r: random.Random):
    """A vendor-shaped key whose body says it is not real: documented examples, redactions, all-same or counting
    bodies. Secret scanners allow-list exactly these; the prefix alone must not decide."""
    prefix = r.choice(["AKIA", "ghp_", "github_pat_", "glpat-", "xoxb-", "xoxp-", "sk_live_", "sk_test_", "pk_live_", "sk-", "sk-proj-", "AIza",
                       "npm_", "SG.", "hf_", "dop_v1_", "pypi-", "shpat_", "rk_live_", "ya29.", "eyJ", ""])
    k = r.randrange(6)
    if k == 0:
        body = r.choice(["EXAMPLE", "example", "EXAMPLEKEY", "Example"]) + rs(r, string.ascii_uppercase + string.digits, r.randint(0, 12))
        body = body if r.random() < 0.5 else rs(r, string.ascii_uppercase + string.digits, r.randint(6, 16)) + r.choice(["EXAMPLE", "EXAMPLEKEY", "example"])
    elif k == 1:
        body = r.choice("xX*0") * r.randint(8, 40)
    elif k == 2:
        body = r.choice(["your_token_here", "YOUR_API_KEY", "your-key-here", "<token>", "...", "REDACTED", "redacted", "replace_me", "xxxx-xxxx-xxxx", "TODO", "dummy"])
    elif k == 3:
        body = ("1234567890abcdef" * 6)[:r.randint(16, 48)] if r.random() < 0.5 else ("abcdefghijklmnopqrstuvwxyz0123456789" * 2)[:r.randint(16, 40)]
    elif k == 4:
        body = rs(r, B62, r.randint(3, 6)) + r.choice(["...", "…", "****", "XXXX"])
    else:
        body = r.choice(["test", "fake", "dummy", "sample", "demo"]) + r.choice(["_", "-", ""]) + r.choice(["key", "token", "secret", "value", "1234"])
    return prefix + body


# Names that go with the kind of value a placeholder family produces (used for 70 % of those rows): in real files a
# digest sits under *_SHA256/CHECKSUM, a version under *_VERSION, a host under *_HOST; the name features exist so
# the model can use this. Secrets never take these value-describing names.
TYPED_NAMES = {
    8: ["VERSION", "APP_VERSION", "NODE_VERSION", "PYTHON_VERSION", "GOSU_VERSION", "RELEASE", "TAG"],
    9: ["SHA256", "CHECKSUM", "PYTHON_SHA256", "NODE_SHA256", "DIGEST", "COMMIT_SHA", "GIT_COMMIT", "IMAGE_DIGEST", "SHA", "VCS_REF", "GIT_SHA",
        "SOURCE_COMMIT", "COMMIT_HASH", "REVISION", "GIT_REVISION", "BUILD_SHA", "SHORT_SHA"],
    10: ["REQUEST_ID", "INSTANCE_ID", "TENANT_ID", "CORRELATION_ID", "uuid", "ID"],
    11: ["DB_HOST", "REDIS_HOST", "HOST", "SERVER", "BROKER", "ELASTIC_HOST", "MEMCACHED"],
    12: ["API_URL", "REDIS_URL", "BASE_URL", "ENDPOINT", "REGISTRY", "WEBHOOK_URL", "UPSTREAM"],
    13: ["DEBUG", "ENABLE_SSL", "VERBOSE", "USE_CACHE", "FEATURE_X_ENABLED"],
    14: ["PORT", "WORKERS", "TIMEOUT", "MAX_CONNECTIONS", "UID", "RETRIES"],
    15: ["NODE_ENV", "LOG_LEVEL", "LANG", "TZ", "REGION", "JAVA_OPTS", "NODE_OPTIONS", "ENV", "PROFILE", "EMAIL", "IMAGE"],
    16: ["GPG_KEY", "GPG_KEYS", "KEY_FINGERPRINT", "SIGNING_KEY_ID"],
    20: ["SECRET_REF", "secretName", "VAULT_PATH", "SECRET_ARN", "KEY_VAULT_URI"],
    37: ["STRIPE_PUBLISHABLE_KEY", "NEXT_PUBLIC_STRIPE_KEY", "GOOGLE_CLIENT_ID", "GITHUB_CLIENT_ID", "OAUTH_CLIENT_ID", "clientId", "TWILIO_ACCOUNT_SID",
         "MAPBOX_PUBLIC_TOKEN", "AWS_ACCOUNT_ID", "ACCOUNT_ID", "APP_ID", "PUBLIC_KEY_ID", "VITE_PUBLIC_KEY"],
    32: ["TZ", "LANG", "LC_ALL", "REGION", "TIMEOUT", "ARCH", "TARGETARCH", "DEBIAN_FRONTEND", "MODE", "ROLE", "JAVA_OPTS", "HOST", "CLUSTER",
         "NAME", "TAG", "EMAIL", "LOCALE", "INTERVAL", "MEMORY_LIMIT", "PLATFORM"],
    31: ["IMAGE", "FINGERPRINT", "PUBLIC_KEY", "KMS_KEY_ARN", "PASSWORD_HINT", "VERSION", "KEY_FILE", "KEY_NAME"],
    23: ["CONFIG_PATH", "CERT_FILE", "DATA_DIR", "KEY_FILE", "PASSWORD_FILE"],
    25: ["BUILD_ID", "BUILD_NUMBER", "JOB_ID", "RUN_ID", "REQUEST_ID", "CUSTOMER_ID", "EVENT_ID", "ORDER_ID", "LAST_RUN"],
    26: ["CONTENT_TYPE", "COMPRESSION", "ALGORITHM", "JWT_ALG", "AUTH_SCHEME"],
    27: ["HOSTNAME", "DOMAIN", "BIND_ADDRESS", "PUBLIC_IP"],
    28: ["PUBLIC_KEY", "SSH_PUBLIC_KEY", "authorized_key", "JWT_PUBLIC_KEY"],
}
VALUE_DESCRIBING = {n for names in TYPED_NAMES.values() for n in names}


# Placeholder families that are ordinary configuration, as opposed to stand-ins for a secret (changeme, `${VAR}`,
# `<token>`, examples, references, templates, paths to secret files, weak defaults).
ORDINARY_FAMILIES = {8, 9, 10, 11, 12, 13, 14, 15, 16, 19, 25, 26, 27, 28, 30, 32, 37}


def name_for(r, label, family=None):
    if label == 0 and family in TYPED_NAMES and r.random() < 0.7:
        n = r.choice(TYPED_NAMES[family])
    else:
        k = r.random()
        if label == 1:
            pool = SECRET_NAMES if k < 0.6 else NEUTRAL_NAMES
        elif family in ORDINARY_FAMILIES:
            # an ordinary value (a digest, a uuid, a host, a word, a public id …) under a secret-sounding name is, in
            # real files, more likely a real key or password than configuration: only stand-ins take those names
            pool = NEUTRAL_NAMES if k < 0.5 else PLAIN_NAMES
        else:
            pool = SECRET_NAMES if k < 0.45 else NEUTRAL_NAMES if k < 0.65 else PLAIN_NAMES
        n = r.choice(pool)
    if r.random() < 0.4 and re.fullmatch(r"[A-Z][A-Z0-9_]*", n):
        # real names carry the application's own words in front (SPRING_DATASOURCE_PASSWORD, KEYCLOAK_ADMIN_TOKEN):
        # made-up prefixes keep the model from trusting a name it has not seen
        n = "_".join(word(r, 1, 3).upper() for _ in range(r.randint(1, 2))) + "_" + n
    if r.random() < 0.15:
        n = n.lower()
    return n


def url_value(r):
    """A URL without credentials, made up from parts; sometimes a listener list."""
    def one():
        host = r.choice([r.choice(VOCAB), word(r), "localhost", "%s.%s.%s" % (r.choice(VOCAB), word(r), r.choice(["io", "com", "net", "internal", "local"])),
                         "%s-%s" % (r.choice(VOCAB), r.choice(["api", "svc", "db", "broker", "auth", "gateway"]))])
        port = r.choice(["", ":%d" % r.choice([80, 443, 8080, 8443, 9092, 29092, 5672, 6379, 9200, 3000, 5000, 4317, r.randint(1024, 65535)])])
        path = r.choice(["", "/", "/%s" % r.choice(VOCAB), "/%s/%s" % (word(r), r.choice(["v1", "v2", "api", "health", "callback", "oauth2", "metrics"]))])
        scheme = r.choice(["http", "https", "grpc", "tcp", "ws", "wss", "PLAINTEXT", "SSL", "SASL_SSL", "nats", "kafka"])
        return "%s://%s%s%s" % (scheme, host, port, path)
    if r.random() < 0.08:
        # a webhook's shape with its token left out or stood in for
        return r.choice(["https://hooks.slack.com/services/%s" % r.choice(["XXX/YYY/ZZZ", "T000/B000/XXXX", "${SLACK_PATH}", "<your-webhook-path>", "T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"]),
                         "https://discord.com/api/webhooks/%s" % r.choice(["<id>/<token>", "ID/TOKEN", "${DISCORD_WEBHOOK_ID}/${DISCORD_WEBHOOK_TOKEN}"]),
                         "https://%s.%s.com/hooks/%s" % (r.choice(VOCAB), word(r), r.choice(["<token>", "${HOOK_TOKEN}", "TOKEN", "your-token-here"]))])
    return ",".join(one() for _ in range(r.randint(1, 3))) if r.random() < 0.2 else one()


def config_value(r):
    """An ordinary configuration value made up from parts, not picked from a list: the placeholder side must be as
    open-ended as the secret side, or the model learns that anything it has not seen before is a secret."""
    k = r.randrange(12)
    if k == 0:
        return "%s/%s" % (r.choice(["Europe", "America", "Asia", "Africa", "Australia", "Etc", "Pacific", "Atlantic"]),
                          "_".join(word(r).capitalize() for _ in range(r.randint(1, 2))))
    if k == 1:
        return "%s_%s%s" % (rs(r, string.ascii_lowercase, 2), rs(r, string.ascii_uppercase, 2), r.choice([".UTF-8", ".utf8", "", ".ISO-8859-1"]))
    if k == 2:
        return "%s-%s-%d" % (r.choice(["us", "eu", "ap", "sa", "ca", "me", "af", "cn"]), r.choice(["north", "south", "east", "west", "central", "northeast", "southeast"]), r.randint(1, 3))
    if k == 3:
        return "%d%s" % (r.choice([1, 2, 5, 10, 15, 30, 60, 90, 100, 120, 250, 500, 3600]), r.choice(["ms", "s", "m", "h", "d", "Mi", "Gi", "M", "G", "k", "KB", "MB", "%"]))
    if k == 4:
        return r.choice(["amd64", "arm64", "x86_64", "aarch64", "armv7", "386", "ppc64le", "s390x", "linux/amd64", "linux/arm64/v8", "riscv64"])
    if k == 5:
        return r.choice(["", "", "non", "read", "multi", "pre", "auto"]) + r.choice(["interactive", "only", "write", "production", "release", "default", "balanced", "strict",
                                                                                  "verbose", "quiet", "primary", "replica", "leader", "cluster", "standalone"])
    if k == 6:
        # resource names: buckets, queues, clusters, topics (acme-artifacts-prod)
        return r.choice(["-", "_", "."]).join(r.choice([word(r, 1, 3), r.choice(VOCAB), r.choice(["prod", "staging", "dev", "eu", "us", "logs", "artifacts",
                                                                                                  "backups", "events", "cache", "uploads", "assets"])])
                                              for _ in range(r.randint(1, 4)))
    if k == 7:
        return "-D%s.%s=%s" % (word(r, 1, 2), word(r, 1, 2), r.choice(["true", "false", word(r, 1, 2), str(r.randint(1, 9999))]))
    if k == 8:
        return "%s.%s" % (word(r, 1, 3), r.choice(["svc.cluster.local", "internal", "local", "lan", "corp", "default.svc", "example.org"]))
    if k == 9:
        return word(r, 1, 3).capitalize() + r.choice(["", " ", "-"]) + word(r, 1, 3).capitalize()
    if k == 10:
        return "%s:%s" % (word(r, 1, 2), r.choice([str(r.randint(1, 65535)), word(r, 1, 2), "latest", "%d.%d" % (r.randint(0, 20), r.randint(0, 20))]))
    return "%s@%s.%s" % (word(r, 1, 2), word(r, 1, 2), r.choice(["com", "org", "io", "example", "local"]))


def url_credential_name(r):
    """What a URL's password is filed under: the variable holding the URL in the hand-written style, or the
    URL's user name, which is what the host's extractor passes (candidates.ts), for secrets and placeholders alike."""
    if r.random() < 0.5:
        return r.choice(["DATABASE_URL", "REDIS_URL", "AMQP_URL", "MONGODB_URI", "BROKER_URL", "CELERY_BROKER_URL", "SMTP_URL", "DSN",
                         "SENTRY_DSN", "proxy", "http_proxy", "HTTPS_PROXY", "pip index-url", "git remote", "registry", "url.password", "password"])
    return r.choice(["postgres", "admin", "root", "user", "app", "guest", "deploy", "svc", "oauth2", "x-access-token", "gitlab-ci-token",
                     "__token__", "default", "rabbit", "mongo", "redis", "ci", "bot", "api", "sa", "elastic", "apikey", "token"])


# Names a connection string lives under, for real and placeholder passwords alike: the name cannot decide.
CONNECTION_NAMES = ["DATABASE_URL", "CONNECTION_STRING", "ConnectionStrings__Default", "SPRING_DATASOURCE_URL", "DB_DSN", "MONGODB_URI", "REDIS_URL",
                    "BROKER_URL", "CELERY_BROKER_URL", "AMQP_URL", "SQLALCHEMY_DATABASE_URI", "DB_CONNECTION", "STORAGE_CONNECTION_STRING", "PG_DSN"]
SERVICE_WORDS = ["DB", "POSTGRES", "PG", "MYSQL", "MARIADB", "MONGO", "REDIS", "SMTP", "MAIL", "LDAP", "AMQP", "RABBITMQ", "KAFKA", "S3", "MINIO",
                 "KEYCLOAK", "GRAFANA", "SPRING_DATASOURCE", "ELASTIC", "SONAR", "JENKINS", "REGISTRY", "VAULT", "SENTRY", "DATADOG", "NEWRELIC",
                 "TWILIO", "MAILGUN", "DISCORD", "TELEGRAM_BOT", "DOCKERHUB", "PYPI", "AZURE_STORAGE", "GCP", "OAUTH", "CLIENT", "ADMIN", "ROOT",
                 "APP", "SERVICE", "WEBHOOK", "SIGNING", "COOKIE", "MASTER", "BIND", "BASIC_AUTH", "PROXY", "TRAEFIK", "NEXUS", "ARTIFACTORY"]
SECRET_NOUNS = ["PASSWORD", "PASS", "PASSWD", "PWD", "PASSPHRASE", "SECRET", "SECRET_KEY", "TOKEN", "ACCESS_TOKEN", "AUTH_TOKEN", "API_KEY",
                "APIKEY", "KEY", "PRIVATE_KEY", "ACCESS_KEY", "CLIENT_SECRET", "CREDENTIALS", "CREDS", "AUTH", "HTPASSWD", "USERS"]
# Where values are found, roughly as often as the extractor meets them; `other` is what the worker assumes for
# inputs without a context (user models, the CLI's JSON), so it keeps a small share.
CONTEXT_WEIGHTS = [("dockerfile-env", 24), ("dockerfile-arg", 16), ("k8s-env", 20), ("compose-env", 20), ("url-credential", 8), ("cli-flag", 8), ("other", 4)]
# A URL's password slot or a flag's value holds a password, a token or a stand-in for one — never a time zone or a
# version. Placeholder families that fit those slots (cli-flag values cannot start with `$`: the extractor skips them).
SLOT_PLACEHOLDER_FAMILIES = {"url-credential": [0, 1, 2, 4, 6, 7, 17, 18, 22, 24, 29, 34],
                             "cli-flag": [0, 4, 6, 7, 17, 18, 22, 24, 29, 34]}


def pick_context(r):
    k = r.randrange(sum(w for _, w in CONTEXT_WEIGHTS))
    for ctx, w in CONTEXT_WEIGHTS:
        if k < w:
            return ctx
        k -= w
    return CONTEXT_WEIGHTS[-1][0]


def composed_secret_name(r):
    """SERVICE_NOUN names as applications build them (SPRING_DATASOURCE_PASSWORD, TRAEFIK_BASIC_AUTH_USERS)."""
    n = r.choice(SERVICE_WORDS) + "_" + r.choice(SECRET_NOUNS)
    if r.random() < 0.15:
        parts = n.lower().split("_")
        n = parts[0] + "".join(p.capitalize() for p in parts[1:])
    return n


WEBHOOK_NAMES = ["SLACK_WEBHOOK_URL", "SLACK_WEBHOOK", "DISCORD_WEBHOOK", "DISCORD_WEBHOOK_URL", "TEAMS_WEBHOOK_URL", "ALERT_WEBHOOK",
                 "NOTIFY_URL", "HOOK_URL", "WEBHOOK", "INCOMING_WEBHOOK_URL", "CALLBACK_URL", "UPLOAD_URL", "SIGNED_URL"]


def rows(r: random.Random, n_per_class: int):
    out = []
    seen = set()
    for label in (1, 0):
        made = 0
        tries = 0
        while made < n_per_class and tries < n_per_class * 20:
            tries += 1
            ctx = pick_context(r)
            slot = ctx in SLOT_PLACEHOLDER_FAMILIES
            if label == 1:
                fam, v = secret_value(r, SLOT_SECRET_FAMILIES if slot else None)
                name = name_for(r, label)
                if fam == 28 and r.random() < 0.6:
                    name = r.choice(CONNECTION_NAMES)
                elif fam == 31 and r.random() < 0.6:
                    name = r.choice(WEBHOOK_NAMES)
                elif fam == 30 and name in NEUTRAL_NAMES:
                    name = composed_secret_name(r)  # a uuid under a name that says nothing is an id
                elif r.random() < 0.35:
                    name = composed_secret_name(r)
            else:
                fam = r.choice(SLOT_PLACEHOLDER_FAMILIES[ctx]) if slot else r.randrange(39)
                # open-ended configuration values and public identifiers get two shares outside the slots
                fam = 32 if fam == 33 else 37 if fam == 38 else fam
                if slot and fam == 32:
                    fam = 0
                name = name_for(r, label, fam)
                if fam == 35 and r.random() < 0.6:
                    name = r.choice(CONNECTION_NAMES)
                elif label == 0 and fam in (0, 1, 2, 3, 4, 6, 7, 22, 24, 34, 36) and r.random() < 0.2:
                    name = composed_secret_name(r)
                fam, v = placeholder_value(r, name, fam)
            if ctx == "url-credential" and r.random() < 0.7:
                name = url_credential_name(r)
            elif ctx == "cli-flag":
                # the host names a flag's value after the flag, without its dashes (candidates.ts)
                name = r.choice(["password", "passwd", "token", "api-key", "apikey", "secret", "auth-token", "access-token"])
            if ctx == "url-credential" and label == 1 and r.random() < 0.3 and re.search(r"[^A-Za-z0-9._~-]", v):
                v = urllib.parse.quote(v, safe="")  # a URL carries special characters percent-encoded
            if ctx == "cli-flag" and (v.startswith("$") or not v.strip()):
                continue
            key = (v, name, ctx)
            if key in seen:
                continue
            seen.add(key)
            out.append({"value": v, "name": name, "context": ctx, "label": label, "family": fam})
            made += 1
    return out
