package io.tlsecho.tls;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

/** Where a certificate says its revocation status is: its AIA OCSP URLs, CRL distribution points, must-staple. */
final class RevocationPointers {

    /** id-pe-tlsfeature (RFC 7633). */
    private static final ASN1ObjectIdentifier TLS_FEATURE = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.1.24");
    /** The TLS feature status_request: the server must staple. */
    private static final int STATUS_REQUEST = 5;

    private RevocationPointers() {
    }

    /** The HTTP URLs of the certificate's OCSP responders (authorityInfoAccess, id-ad-ocsp). */
    static List<String> ocsp(X509Certificate certificate) {
        List<String> urls = new ArrayList<>();
        AuthorityInformationAccess aia = AuthorityInformationAccess.fromExtensions(extensions(certificate));
        if (aia != null) {
            for (AccessDescription d : aia.getAccessDescriptions()) {
                if (d.getAccessMethod().equals(AccessDescription.id_ad_ocsp)) {
                    addHttp(urls, d.getAccessLocation());
                }
            }
        }
        return urls;
    }

    /** The HTTP URLs of the certificate's CRL distribution points. */
    static List<String> crl(X509Certificate certificate) {
        List<String> urls = new ArrayList<>();
        CRLDistPoint points = CRLDistPoint.fromExtensions(extensions(certificate));
        if (points != null) {
            for (DistributionPoint p : points.getDistributionPoints()) {
                DistributionPointName name = p.getDistributionPoint();
                if (name != null && name.getType() == DistributionPointName.FULL_NAME) {
                    for (GeneralName g : GeneralNames.getInstance(name.getName()).getNames()) {
                        addHttp(urls, g);
                    }
                }
            }
        }
        return urls;
    }

    /** Whether the certificate's TLS feature extension asks for status_request: the server must staple. */
    static boolean mustStaple(X509Certificate certificate) {
        Extension feature = extensions(certificate).getExtension(TLS_FEATURE);
        if (feature == null) {
            return false;
        }
        for (ASN1Encodable e : ASN1Sequence.getInstance(feature.getParsedValue())) {
            if (e instanceof ASN1Integer i && i.intValueExact() == STATUS_REQUEST) {
                return true;
            }
        }
        return false;
    }

    private static void addHttp(List<String> urls, GeneralName name) {
        if (name.getTagNo() == GeneralName.uniformResourceIdentifier) {
            String url = name.getName().toString();
            if (url.toLowerCase(Locale.ROOT).startsWith("http://")) {
                urls.add(url);
            }
        }
    }

    private static Extensions extensions(X509Certificate certificate) {
        try {
            Extensions e = new JcaX509CertificateHolder(certificate).getExtensions();
            return e == null ? new Extensions(new Extension[0]) : e;
        } catch (CertificateEncodingException e) {
            return new Extensions(new Extension[0]);
        }
    }
}
