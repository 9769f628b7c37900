import fc from 'fast-check';
import germanStops from './__fixtures__/twilio-sms/inbound_stop_variants_german.json';
import {
  intentFromProviderSignal,
  isUnsubscribedError,
  normaliseText,
  parseInboundText,
  readInboundIntent,
} from './opt-out.parser';

const intentOf = (body: string): string => parseInboundText(body).intent;

describe('opt-out.parser', () => {
  describe('fixture inbound_stop_variants_german', () => {
    const bodies = germanStops.requests.map(
      (request) => new URLSearchParams(request.body).get('Body') ?? '',
    );

    it('should hold the four bodies of the fixture', () => {
      expect(bodies).toEqual([' stop ', 'Stopp', 'STOP bitte keine SMS mehr', 'Abmelden']);
    });

    it.each([' stop ', 'Stopp', 'STOP bitte keine SMS mehr', 'Abmelden'])(
      'should read %j as opt_out',
      (body) => {
        expect(readInboundIntent({ body, providerOptOutType: null }).intent).toBe('opt_out');
      },
    );
  });

  describe('opt-out keywords, alone or with politeness', () => {
    it.each([
      'STOP',
      'stop please',
      'Please stop.',
      'Stopp!',
      'STOPP ✋🏼',
      'stooooop',
      'ＳＴＯＰ',
      'ENDE',
      'Abmelden bitte',
      'bitte abmelden',
      'Bitte mich abmelden!',
      'UNSUBSCRIBE',
      'unsubscribe me',
      'Cancel',
      'END',
      'quit',
      'STOPALL',
      'stop all',
      'REVOKE',
      'OPTOUT',
      'opt-out',
      'Opt out',
      'Stop SMS',
      'Bitte stoppen',
      'STOP START',
      'abbestellen',
    ])('should read %j as opt_out', (body) => {
      expect(intentOf(body)).toBe('opt_out');
    });
  });

  describe('opt-out phrases in a sentence', () => {
    it.each([
      ['Bitte keine SMS mehr', 'keine sms mehr'],
      ['keine Nachrichten mehr 🙏', 'keine nachrichten mehr'],
      ['Ich möchte keine SMS von Ihnen', 'moechte keine sms'],
      ['Bitte keine weiteren Nachrichten', 'keine weiteren nachrichten'],
      ['Schicken Sie mir bitte keine SMS', 'schicken sie mir bitte keine'],
      ['Bitte nicht mehr anschreiben', 'nicht mehr anschreiben'],
      ['Bitte mich aus dem Verteiler austragen', 'mich aus dem verteiler austragen'],
      ['Die SMS bitte abbestellen', 'sms bitte abbestellen'],
      ['no more texts please', 'no more texts'],
      ['Stop texting me!!', 'stop texting'],
      ["Don't text me again", 'dont text me'],
      ['How do I unsubscribe?', 'unsubscribe'],
      ['Please remove me from your list', 'remove me from'],
    ])('should read %j as opt_out by %j', (body, matched) => {
      expect(parseInboundText(body)).toEqual({ intent: 'opt_out', source: 'phrase', matched });
    });
  });

  describe('ordinary replies', () => {
    it.each([
      "I can't stop by today",
      "don't cancel my appointment",
      'Ende der Woche passt',
      'Danke, bis Ende der Woche',
      'Ich habe keine SMS bekommen',
      'Ich will mich nicht abmelden',
      "Please don't unsubscribe me",
      'Termin anmelden?',
      'Ich möchte mich für einen Termin anmelden',
      'Can you help me with my booking?',
      'Yes please call me back',
      'The end',
      'Rufen Sie mich zurück',
      '',
      '👍',
    ])('should read %j as none', (body) => {
      expect(intentOf(body)).toBe('none');
    });
  });

  describe('opt-in and help', () => {
    it.each([
      ['START', 'opt_in'],
      ['Unstop', 'opt_in'],
      ['ANMELDEN', 'opt_in'],
      ['Bitte wieder anmelden', 'opt_in'],
      ['yes', 'opt_in'],
      ['Start again please', 'opt_in'],
      ['HELP', 'help'],
      ['Hilfe!', 'help'],
      ['help me', 'help'],
      ['ABMELDEN', 'opt_out'],
      ['Ja', 'none'],
    ])('should read %j as %s', (body, intent) => {
      expect(intentOf(body)).toBe(intent);
    });
  });

  describe('provider signals', () => {
    it.each([
      ['STOP', 'opt_out'],
      ['start', 'opt_in'],
      ['HELP', 'help'],
      ['', 'none'],
      [null, 'none'],
    ])('should map Twilio OptOutType %j to %s', (type, intent) => {
      expect(intentFromProviderSignal(type)).toBe(intent);
    });

    it('should let the provider signal win over the text', () => {
      expect(readInboundIntent({ body: 'Danke!', providerOptOutType: 'STOP' })).toEqual({
        intent: 'opt_out',
        source: 'provider',
        matched: 'STOP',
      });
    });

    it('should treat Twilio 21610 as an unsubscribed recipient', () => {
      expect(isUnsubscribedError('twilio', 21610)).toBe(true);
      expect(isUnsubscribedError('Twilio', '21610')).toBe(true);
      expect(isUnsubscribedError('twilio', 30006)).toBe(false);
      expect(isUnsubscribedError('messagebird', '21610')).toBe(false);
      expect(isUnsubscribedError('twilio', null)).toBe(false);
    });
  });

  describe('normaliseText', () => {
    it('should fold umlauts, drop apostrophes and punctuation', () => {
      expect(normaliseText('  Möchte KEINE Grüße… don’t!  ')).toBe('moechte keine gruesse dont');
    });
  });

  describe('properties', () => {
    it('should read any politeness wrapping of STOP as opt_out', () => {
      const polite = fc.constantFrom('', 'bitte', 'please', 'danke', 'thanks', '!', '🙏', '.');
      const stop = fc.constantFrom('STOP', 'Stopp', 'stop', 'ABMELDEN', 'Unsubscribe');

      fc.assert(
        fc.property(
          polite,
          stop,
          polite,
          (a, word, b) => intentOf(`${a} ${word} ${b}`) === 'opt_out',
        ),
      );
    });
  });
});
