import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router-dom';
import { isProblem } from '@docket/client';
import { LocaleProvider } from './app/locale.tsx';
import { router } from './app/router.tsx';
import './app/base.css';
import './app/a11y.css';

const queryClient = new QueryClient({
  defaultOptions: {
    // A 4xx will not change on retry; a network blip may.
    queries: { retry: (count, error) => !(isProblem(error) && error.status < 500) && count < 2, refetchOnWindowFocus: false, staleTime: 10_000 },
    mutations: { retry: false },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <LocaleProvider>
        <RouterProvider router={router} />
      </LocaleProvider>
    </QueryClientProvider>
  </StrictMode>,
);
