package io.khata.net.cli;

import io.khata.core.crypto.KeyFiles;
import io.khata.core.crypto.KeyPair;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code khata keygen --out FILE}: a new Ed25519 key in a PKCS#8 PEM file readable by its owner only
 * (0600, created so, never widened afterwards), and its public key next to it in FILE.pub. Prints the
 * public key only: the secret never reaches the terminal or a log.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Generate an Ed25519 key file (owner-only permissions) and print its public key.")
final class KeygenCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the private key file to create;"
            + " refused if it exists. The public key goes to FILE.pub") Path out;

    @Override
    public Integer call() throws Exception {
        KeyPair key = KeyPair.generate(new SecureRandom());
        Path publicFile = out.resolveSibling(out.getFileName() + ".pub");
        if (java.nio.file.Files.exists(publicFile)) {
            throw new IllegalArgumentException(publicFile + " exists; choose another --out");
        }
        KeyFiles.writePrivateKey(out, key);
        KeyFiles.writePublicKey(publicFile, key.publicKey());
        System.out.println("public_key " + key.publicKey().toHex());
        System.out.println("private key written to " + out + " (owner read/write only); public key to " + publicFile);
        return ExitCodes.OK;
    }
}
