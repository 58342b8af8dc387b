import { useEffect, useState } from 'react';
import { Alert, Form } from 'antd';
import { dataOf } from '@docket/client';
import { api } from '../app/api.ts';
import { useT } from '../app/locale.tsx';
import type { MessageKey } from '../i18n/i18n.ts';

// Warns while the user types free text (a case title, a comment) that holds personal data: the
// server stores such spans sealed and shows them masked to readers without unmask, and the
// writer should rather put customer details into the customer fields. The server decides what
// counts (POST /personal-data/detect, the same detector as on save, which also finds names and
// addresses); the console asks only when the text could hold a number, an e-mail address, a
// name (a word that introduces one, an honorific) or an address (a street or door mark), and
// only after typing pauses. These hints are a superset of the server's own first look.
const CANDIDATE =
  /\d(?:[ -]?\d){9}|@|我叫|我是|本人|名字|名叫|姓名|户名|客户|[人者]|先生|女士|小姐|老师|经理|同志|阿姨|师傅|主任|律师|医生|老板|总|大爷|大妈|[路街巷弄号栋幢室]|小区|花园|大厦|公寓|name|this is|i am|i'm|regards|sincerely|thanks|cheers|holder|applicant|\b(?:mr|mrs|ms|miss|mx|dr)\b|\d\s+[a-z]+\s+(?:[a-z]+\s+)*(?:street|st|road|rd|avenue|ave|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl)\b/i;
const PAUSE_MS = 400;

export function PersonalDataWarning({ text }: { text: string | undefined }) {
  const t = useT();
  const [classes, setClasses] = useState<string[]>([]);

  useEffect(() => {
    if (!text || !CANDIDATE.test(text)) {
      setClasses([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api
        .POST('/api/v1/personal-data/detect', { body: { text }, signal: controller.signal })
        .then((res) => setClasses([...new Set(dataOf(res).items.map((span) => span.dataClass))]))
        .catch(() => undefined); // a warning that cannot be fetched is no reason to stop the user
    }, PAUSE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text]);

  if (classes.length === 0) return null;
  const names = classes.map((c) => t(`dataClass.${c}` as MessageKey)).join(t('personalData.separator'));
  return (
    <Alert
      type="warning"
      showIcon
      role="status"
      data-testid="personal-data-warning"
      title={t('personalData.found', { classes: names })}
      description={t('personalData.advice')}
      style={{ marginTop: 8 }}
    />
  );
}

/** The warning for a field of the surrounding antd Form, e.g. as a Form.Item's `extra`. */
export function FormFieldPersonalDataWarning({ name }: { name: string }) {
  const form = Form.useFormInstance();
  const text = Form.useWatch(name, form) as string | undefined;
  return <PersonalDataWarning text={text} />;
}
