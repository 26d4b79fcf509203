/**
 * Names of the case's actions and of their form fields in Russian. English names are the event and
 * field names made readable; an action added later without a Russian name shows its English one.
 */
export const ACTION_NAMES_RU: Record<string, string> = {
  SUBMIT_APPLICATION: 'Подать заявку',
  REEVALUATE_ELIGIBILITY: 'Проверить соответствие заново',
  RECORD_IELTS: 'Внести результат IELTS',
  ATTACH_DOCUMENT: 'Приложить документ',
  CONFIRM_PAPER_FOLDER: 'Подтвердить бумажную папку',
  CONFIRM_ELIGIBILITY: 'Подтвердить соответствие',
  REJECT_APPLICATION: 'Отклонить заявку',
  REGISTER_FOR_AUDITION: 'Записаться на собеседование',
  RECORD_AUDITION_PASSED: 'Собеседование пройдено',
  RECORD_AUDITION_FAILED: 'Собеседование не пройдено',
  SELECT_FOR_PLACEMENT: 'Отобрать для направления',
  DECLARE_NOT_SELECTED: 'Не отобран',
  NOMINATE_TO_PARTNER: 'Номинировать в вуз-партнёр',
  RECORD_INVITATION_LETTER: 'Приглашение получено',
  RECORD_PARTNER_DECLINED: 'Партнёр отказал',
  APPROVE_LEAVE: 'Утвердить выезд',
  REFUSE_LEAVE: 'Отказать в выезде',
  AGREE_CURRICULUM: 'Согласовать индивидуальный план',
  SIGN_LEARNING_AGREEMENT: 'Подписать Learning Agreement',
  RECORD_VISA: 'Виза получена',
  CONFIRM_TUITION_PREPAID: 'Оплата обучения подтверждена',
  DISBURSE_GRANT: 'Выплатить грант',
  DEPART: 'Выезд',
  REQUEST_LEARNING_AGREEMENT_CHANGE: 'Запросить изменение Learning Agreement',
  AGREE_LEARNING_AGREEMENT_CHANGE: 'Согласовать изменение Learning Agreement',
  END_MOBILITY: 'Завершить мобильность',
  SUBMIT_RETURN_APPLICATION: 'Подать заявление о возвращении',
  RECORD_PARTNER_TRANSCRIPT: 'Транскрипт партнёра получен',
  ACCEPT_FINANCIAL_REPORT: 'Принять финансовый отчёт',
  RECALCULATE_CREDITS: 'Перезачесть кредиты',
  WITHDRAW: 'Отозвать заявку',
  CANCEL: 'Отменить дело',
  RECONCILE_FUNDS: 'Сверить средства',
  SEND_DISCIPLINES_LIST: 'Отправить список дисциплин',
  PROPOSE_LEARNING_AGREEMENT: 'Предложить Learning Agreement',
  AGREE_LEARNING_AGREEMENT: 'Согласовать Learning Agreement',
  SEND_INVITATION_LETTER: 'Отправить приглашение KBTU',
  RECORD_MIGRATION_INVITATION: 'Приглашение миграционной службы получено',
  RECORD_ARRIVAL: 'Студент прибыл',
  RECORD_GRADES: 'Внести оценки',
  SEND_TRANSCRIPT: 'Отправить транскрипт',
  REJECT_NOMINATION: 'Отклонить номинацию',
  CONFIRM_REFUND: 'Возврат подтверждён',
  EXTEND_DEADLINE: 'Продлить срок',
  RESEND_MESSAGE: 'Отправить письмо повторно',
};

export const FIELD_NAMES_RU: Record<string, string> = {
  reason: 'Причина',
  days: 'Дней',
  messageKey: 'Ключ письма',
  address: 'Адрес',
  note: 'Примечание',
  score: 'Балл',
  testDate: 'Дата теста',
  partnerId: 'Код партнёра',
  partnerName: 'Название партнёра',
  creditsPlanned: 'Запланировано кредитов',
  creditsRequired: 'Требуется кредитов',
  creditsTransferred: 'Перезачтено кредитов',
  retakeCourses: 'Курсы к пересдаче',
  ieltsScore: 'Балл IELTS',
  ieltsTestDate: 'Дата теста IELTS',
  englishConfirmedByStaff: 'Английский язык подтверждён сотрудником',
  courses: 'Курсы',
  school: 'Школа',
  reference: 'Номер приглашения',
  grades: 'Оценки',
  region: 'Регион МНВО',
  'spend.flight': 'Расходы: перелёт, тенге',
  'spend.accommodation': 'Расходы: проживание, тенге',
  'spend.insurance': 'Расходы: страховка, тенге',
  'spend.visa': 'Расходы: виза, тенге',
};

/** `CONFIRM_ELIGIBILITY` → "Confirm eligibility"; `creditsPlanned` → "Credits planned". */
export function readable(name: string): string {
  if (name.includes('.')) return name.split('.').map(readable).join(': ');
  const constant = /^[A-Z0-9_]+$/.test(name);
  const words = constant ? name.toLowerCase().split('_') : name.split(/(?=[A-Z])/);
  const text = words.join(' ').toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}
